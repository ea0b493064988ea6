/**
 * `vigil verify <folder|clip> [--live] [--json]`: checks recordings against their hash chain
 * offline and names every tampered, missing and unexplained file. Exit code 0 when all is well,
 * 1 when any problem was found, 2 on a usage error.
 */
import { verifyPath, type VerifyReport } from './verify.ts';
import { locateFfmpeg } from '../ffmpeg/locate.ts';

const USAGE = 'usage: vigil verify <recordings folder | camera folder | export folder | clip> [--live] [--json]';

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
    const report = await verifyPath(path, { ffmpegPath, live: argv.includes('--live') });
    failed ||= !report.ok;
    if (argv.includes('--json')) out(JSON.stringify({ path, ...report }));
    else print(path, report, out);
  }
  return failed ? 1 : 0;
}

function print(path: string, report: VerifyReport, out: (line: string) => void): void {
  out(`${report.ok ? 'OK' : 'PROBLEMS'} ${path}: ${report.verified} file(s) verified, ${report.entries} chain entries`);
  for (const problem of report.problems) out(`  ${problem.kind.toUpperCase()} ${problem.path}: ${problem.message}`);
  for (const note of report.notes) out(`  note: ${note}`);
}
