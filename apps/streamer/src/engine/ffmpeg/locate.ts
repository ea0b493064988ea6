/**
 * Finds the ffmpeg binary. A system ffmpeg (Debian, Homebrew, a Pi's distribution) is preferred
 * because it matches the machine's hardware and device APIs; the bundled @ffmpeg-installer binary
 * is the fallback for machines without one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

let cached: string | undefined;

/** Returns the ffmpeg executable path (system ffmpeg on PATH first, else the bundled one). */
export function locateFfmpeg(): string {
  if (cached) return cached;
  cached = systemFfmpeg() ?? bundledFfmpeg();
  return cached;
}

function systemFfmpeg(): string | undefined {
  const finder = process.platform === 'win32' ? 'where' : 'which';
  try {
    const out = execFileSync(finder, ['ffmpeg'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 });
    const first = out.split(/\r?\n/).find((line) => line.trim() !== '');
    return first?.trim();
  } catch {
    return undefined;
  }
}

function bundledFfmpeg(): string {
  // createRequire because the installer package is CommonJS and resolves its platform binary at load.
  const require = createRequire(import.meta.url);
  const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
  return installer.path;
}

const concatOptions = new Map<string, boolean>();

/**
 * True when `binary`'s concat demuxer takes `option` lines (ffmpeg 5.0+; the bundled 2018 build
 * does not), which is how camera credentials stay out of argv (sources.ts). Asked once per binary
 * with a list naming a file that does not exist.
 */
export function concatTakesOptions(binary: string): boolean {
  let known = concatOptions.get(binary);
  if (known === undefined) {
    const probe = spawnSync(binary, ['-hide_banner', '-nostdin', '-f', 'concat', '-safe', '0', '-i', 'pipe:0', '-f', 'null', '-'], {
      input: "ffconcat version 1.0\nfile 'vigil-probe.invalid'\noption probesize 32\n",
      encoding: 'utf8',
      timeout: 2000,
    });
    // Accepted lines make the demuxer go on to open the (missing) file; an old one stops at the keyword.
    known = probe.error === undefined && /Impossible to open/.test(probe.stderr ?? '');
    concatOptions.set(binary, known);
  }
  return known;
}
