/**
 * Finds the ffmpeg binary. In order:
 * 1. `VIGIL_FFMPEG`, a path the owner chose (a current static build, a hardware-enabled one);
 * 2. a system ffmpeg on PATH (Debian, Homebrew, a Pi's distribution), which matches the machine's
 *    hardware and device APIs and gets the distribution's security fixes;
 * 3. the binary bundled by @ffmpeg-installer, the last resort for machines without one.
 *
 * Why the bundled fallback is still @ffmpeg-installer, a 2018 build: it is the only npm package
 * that carries its binary inside the package. The maintained ones (ffmpeg-static,
 * ffmpeg-ffprobe-static, @rse/ffmpeg) download theirs from GitHub in an install script, which
 * fails offline, behind locked-down proxies and in the offline packaging build
 * (tests/packaging runs with no network at all). So the engine says at start which ffmpeg it
 * uses and warns when it is the old fallback (describeFfmpeg), and VIGIL_FFMPEG lets an owner
 * point at any current build without a code change.
 */
import { accessSync, constants } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';

/** Where the chosen ffmpeg came from. */
export type FfmpegOrigin = 'VIGIL_FFMPEG' | 'system' | 'bundled';

/** The ffmpeg the engine runs, and why that one. */
export interface FfmpegChoice {
  path: string;
  origin: FfmpegOrigin;
}

let cached: FfmpegChoice | undefined;

/** Returns the ffmpeg executable path (VIGIL_FFMPEG, else ffmpeg on PATH, else the bundled one). */
export function locateFfmpeg(): string {
  return currentFfmpeg().path;
}

/** The ffmpeg this process uses, chosen once. */
export function currentFfmpeg(): FfmpegChoice {
  cached ??= chooseFfmpeg();
  return cached;
}

/** Picks the ffmpeg as described above; throws a clear error when VIGIL_FFMPEG is unusable. */
export function chooseFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegChoice {
  const chosen = env.VIGIL_FFMPEG?.trim();
  if (chosen) {
    if (!isAbsolute(chosen)) throw new Error(`VIGIL_FFMPEG must be an absolute path to an ffmpeg executable, not "${chosen}"`);
    try {
      accessSync(chosen, constants.X_OK);
    } catch {
      throw new Error(`VIGIL_FFMPEG points at ${chosen}, which is not an executable file`);
    }
    return { path: chosen, origin: 'VIGIL_FFMPEG' };
  }
  const system = systemFfmpeg();
  return system ? { path: system, origin: 'system' } : { path: bundledFfmpeg(), origin: 'bundled' };
}

/** The version ffmpeg reports ("7.1.1", "N-47683-g0e8eb07980-static"), or undefined when it does not run. */
export function ffmpegVersion(path: string): string | undefined {
  try {
    const out = execFileSync(path, ['-hide_banner', '-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    return /^ffmpeg version (\S+)/m.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

/** One line for the engine's start-up log: which ffmpeg, its version, and a warning for the old fallback. */
export function describeFfmpeg(choice: FfmpegChoice = currentFfmpeg()): string {
  const version = ffmpegVersion(choice.path) ?? 'version unknown';
  const line = `ffmpeg ${version} (${choice.origin}: ${choice.path})`;
  if (choice.origin !== 'bundled') return line;
  return `${line}; this bundled build dates from 2018: install your system's ffmpeg, or set VIGIL_FFMPEG to a current build`;
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

/** Logs which ffmpeg runs the cameras: a warning for the bundled 2018 fallback. */
export function logFfmpegChoice(choice: FfmpegChoice = currentFfmpeg()): void {
  (choice.origin === 'bundled' ? console.warn : console.info)(`engine: ${describeFfmpeg(choice)}`);
}
