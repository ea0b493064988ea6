/**
 * Finds the ffmpeg binary, in this order (see README.md, "Which ffmpeg"):
 *
 * 1. `VIGIL_FFMPEG`: a path the installer or the owner chose (e.g. a maintained static build);
 * 2. the system ffmpeg on PATH (Debian, Homebrew, a Pi's distribution): maintained by the
 *    machine's updates and built for its hardware and device APIs;
 * 3. the binary of `@ffmpeg-installer/ffmpeg`, a last resort for machines with neither. Its
 *    Linux x64 build is a 2018 snapshot, so using it is logged as a warning once.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

let cached: string | undefined;

/** Where an ffmpeg came from. */
export type FfmpegOrigin = 'env' | 'system' | 'bundled';

/** Picks the binary from its candidates (pure, for tests): env first, then system, then bundled. */
export function chooseFfmpeg(env: string | undefined, system: () => string | undefined, bundled: () => string): { path: string; origin: FfmpegOrigin } {
  if (env && env.trim() !== '') return { path: env.trim(), origin: 'env' };
  const found = system();
  if (found) return { path: found, origin: 'system' };
  return { path: bundled(), origin: 'bundled' };
}

/** Returns the ffmpeg executable path (VIGIL_FFMPEG, else the system ffmpeg, else the bundled one). */
export function locateFfmpeg(): string {
  if (cached) return cached;
  const choice = chooseFfmpeg(process.env.VIGIL_FFMPEG, systemFfmpeg, bundledFfmpeg);
  if (choice.origin === 'bundled') {
    console.warn(`ffmpeg: none on PATH; using the bundled fallback ${choice.path}, an old build without recent security fixes. Install your system's ffmpeg or set VIGIL_FFMPEG to a current build.`);
  }
  cached = choice.path;
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
