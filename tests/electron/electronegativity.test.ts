/**
 * Electronegativity over both Electron apps: no HIGH finding may remain. A second test runs the
 * same script on a deliberately insecure fixture and expects HIGH findings, so a scanner that
 * silently scans nothing cannot pass the first test.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/insecure', import.meta.url));

interface Report {
  findings: { target: string; id: string; severity: string; file: string }[];
  errors: string[];
  high: number;
}

function runScanner(...args: string[]): Promise<{ code: number; report: Report }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/electronegativity.ts', '--json', ...args],
      { cwd: ROOT, env: { ...process.env, LANG: 'en-US' }, timeout: 90_000, maxBuffer: 16 << 20 },
      (error, stdout) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, report: JSON.parse(line) as Report });
        } catch {
          reject(error ?? new Error(`no report in: ${stdout}`));
        }
      },
    );
  });
}

describe('electronegativity', () => {
  it('finds no HIGH issue in the viewer and streamer shells', async () => {
    const { code, report } = await runScanner();
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'HIGH')).toEqual([]);
    expect(code).toBe(0);
    // Both apps were really scanned: each has the reviewed openExternal use of the shared policy.
    for (const target of ['viewer', 'streamer']) {
      expect(report.findings.some((f) => f.target === target && f.file.endsWith('apps/shell/src/window.ts'))).toBe(true);
    }
  }, 120_000);

  it('reports HIGH findings in a deliberately insecure fixture', async () => {
    const { code, report } = await runScanner('--input', FIXTURE);
    const high = report.findings.filter((f) => f.severity === 'HIGH').map((f) => f.id);
    expect(high).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(report.high).toBeGreaterThan(0);
    expect(code).toBe(1);
  }, 120_000);
});
