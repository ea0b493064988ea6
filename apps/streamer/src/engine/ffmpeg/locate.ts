/**
 * Finds the ffmpeg binary. A system ffmpeg (Debian, Homebrew, a Pi's distribution) is preferred
 * because it matches the machine's hardware and device APIs; the bundled @ffmpeg-installer binary
 * is the fallback for machines without one.
 */
import { execFileSync } from 'node:child_process';
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
