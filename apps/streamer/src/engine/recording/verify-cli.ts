/**
 * `vigil verify <folder|clip> [--live] [--json]`: checks recordings against their hash chain
 * offline and names every tampered, missing and unexplained file. Exit code 0 when all is well,
 * 1 when any problem was found, 2 on a usage error. An export downloaded by a viewer (a `.tar` of
 * the bundle) is checked as it is: unpacked into a temporary folder with the system's tar.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyPath, type VerifyOptions, type VerifyReport } from './verify.ts';
import { locateFfmpeg } from '../ffmpeg/locate.ts';

const USAGE = 'usage: vigil verify <recordings folder | camera folder | export folder | export .tar | clip> [--live] [--json]';

/** Runs the CLI with the given arguments; resolves with the exit code. */
export async function runVerify(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  // `vigil verify x` and `vigil-verify x` both work.
  const paths = argv.filter((arg) => !arg.startsWith('--')).filter((arg, index) => !(index === 0 && arg === 'verify'));
  if (paths.length === 0 || argv.includes('--help')) {
    out(USAGE);
    return 2;
  }
  let ffmpegPath: string | undefined;
  try {
    ffmpegPath = locateFfmpeg();
  } catch {
    ffmpegPath = undefined;
  }
  let failed = false;
  for (const path of paths) {
    const options = { ffmpegPath, live: argv.includes('--live') };
    const report = path.endsWith('.tar') ? await verifyArchive(path, options) : await verifyPath(path, options);
    failed ||= !report.ok;
    if (argv.includes('--json')) out(JSON.stringify({ path, ...report }));
    else print(path, report, out);
  }
  return failed ? 1 : 0;
}

/** Verifies an export archive: one bundle folder inside, checked once unpacked. */
async function verifyArchive(path: string, options: VerifyOptions): Promise<VerifyReport> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-verify-'));
  try {
    try {
      await promisify(execFile)('tar', ['-xf', path, '-C', dir]);
    } catch (error) {
      const message = `not a readable tar archive (${((error as { stderr?: string }).stderr ?? '').trim().slice(0, 200) || (error as Error).message})`;
      return { ok: false, verified: 0, entries: 0, problems: [{ kind: 'missing', path, message }], notes: [] };
    }
    const entries = await readdir(dir);
    const report = await verifyPath(entries.length === 1 ? join(dir, entries[0]!) : dir, options);
    // Name the files as they sit in the archive, not in the temporary folder.
    for (const problem of report.problems) problem.path = problem.path.replace(dir, path);
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function print(path: string, report: VerifyReport, out: (line: string) => void): void {
  out(`${report.ok ? 'OK' : 'PROBLEMS'} ${path}: ${report.verified} file(s) verified, ${report.entries} chain entries`);
  for (const problem of report.problems) out(`  ${problem.kind.toUpperCase()} ${problem.path}: ${problem.message}`);
  for (const note of report.notes) out(`  note: ${note}`);
}
