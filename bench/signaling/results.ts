/**
 * Appends a dated entry to bench/RESULTS.md under "## Signalling" (or another heading), creating
 * the file or the section if missing and leaving other sections (other benchmarks) as they are.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
/** Adds `lines` with the command and the date at the end of the section `heading`. */
export async function appendResults(command: string, lines: string[], heading = '## Signalling'): Promise<void> {
  const HEADING = heading;
  let text = await readFile(FILE, 'utf8').catch(() => '# Benchmark results\n');
  if (!text.includes(`\n${HEADING}\n`)) text = `${text.trimEnd()}\n\n${HEADING}\n`;
  const entry = `\n### ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}\n\n\`${command}\`\n\n${lines.map((l) => `    ${l}`).join('\n')}\n`;
  const start = text.indexOf(`\n${HEADING}\n`) + HEADING.length + 2;
  const nextSection = text.indexOf('\n## ', start);
  const at = nextSection < 0 ? text.length : nextSection + 1;
  text = `${text.slice(0, at).trimEnd()}\n${entry}${nextSection < 0 ? '' : `\n${text.slice(at)}`}`;
  await writeFile(FILE, text.endsWith('\n') ? text : `${text}\n`);
}
