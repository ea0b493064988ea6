/**
 * Runs Doyensec's Electronegativity over each Electron app as it ships — the shared shell policy
 * (apps/shell/src) plus the app's own sources — prints the findings and exits 1 if any HIGH
 * finding remains.
 *
 *   npx tsx scripts/electronegativity.ts               both apps
 *   npx tsx scripts/electronegativity.ts --input DIR   one folder (e.g. a test fixture)
 *   add --json for machine-readable output on stdout
 *
 * Global checks (CSP, navigation limits, permission handlers) look at one scan as a whole, so each
 * app is copied with the shell into one staging folder; tests and build output are left out.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** One finding, flattened from Electronegativity's issue objects. */
export interface Finding {
  target: string;
  id: string;
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  confidence: string;
  file: string;
  line: number;
  manualReview: boolean;
  description: string;
}

interface RawIssue {
  id: string;
  file: string;
  location?: { line?: number };
  severity: { name: Finding['severity'] };
  confidence: { name: string };
  manualReview?: boolean;
  description?: string;
}

type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: RawIssue[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

/** What each app's scan contains (relative to the repository root). */
export const TARGETS: Record<string, string[]> = {
  viewer: ['apps/shell/src', 'apps/viewer/src'],
  streamer: ['apps/shell/src', 'apps/streamer/src'],
};

// Asks GitHub for Electron releases (no network here, and not a property of our code).
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

const skip = (path: string) => /\.(test\.tsx?|d\.ts)$/.test(path) || /[/\\](testing|node_modules|dist|dist-electron)([/\\]|$)/.test(path);

/** Copies the target's folders into a fresh staging folder; returns its path. */
function stage(name: string, folders: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), `vigil-electronegativity-${name}-`));
  for (const folder of folders) cpSync(join(ROOT, folder), join(dir, folder), { recursive: true, filter: (src) => !skip(src) });
  return dir;
}

/** Scans one folder. */
export async function scan(target: string, input: string): Promise<{ findings: Finding[]; errors: string[] }> {
  const module = require('@doyensec/electronegativity') as Run | { default: Run };
  const run = typeof module === 'function' ? module : module.default;
  const electronVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  // The tool fetches updated translations; keep its chatter off stdout (it would corrupt --json).
  const log = console.log;
  console.log = (...args: unknown[]) => console.error(...args);
  try {
    const result = await run({ input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: EXCLUDED_CHECKS }, false);
    return {
      findings: result.issues.map((issue) => ({
        target,
        id: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file: issue.file,
        line: issue.location?.line ?? 0,
        manualReview: Boolean(issue.manualReview),
        description: (issue.description ?? '').split('\n')[0]!.slice(0, 140),
      })),
      errors: result.errors.filter((e) => !e.tolerable).map((e) => `${relative(input, e.file)}: ${e.message}`),
    };
  } finally {
    console.log = log;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { input: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const findings: Finding[] = [];
  const errors: string[] = [];
  if (values.input) {
    const result = await scan(basename(values.input), values.input);
    findings.push(...result.findings);
    errors.push(...result.errors);
  } else {
    for (const [name, folders] of Object.entries(TARGETS)) {
      const dir = stage(name, folders);
      try {
        const result = await scan(name, dir);
        findings.push(...result.findings);
        errors.push(...result.errors.map((e) => `${name}: ${e}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const high = findings.filter((f) => f.severity === 'HIGH');
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ findings, errors, high: high.length })}\n`);
  } else {
    for (const f of findings) console.log(`${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.target.padEnd(9)} ${f.id.padEnd(40)} ${f.file}:${f.line}${f.manualReview ? ' (review)' : ''}`);
    for (const e of errors) console.log(`parse error: ${e}`);
    console.log(`\n${findings.length} findings, ${high.length} HIGH.`);
  }
  // A file the tool could not parse was not checked: that fails the run as well.
  return high.length > 0 || errors.length > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
