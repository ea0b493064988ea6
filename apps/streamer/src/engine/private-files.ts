/**
 * Everything the engine writes is private to its user: recordings and manifests (written by
 * ffmpeg and the recorder), thumbnails, exports, keys. A umask of 077 covers the files ffmpeg
 * creates too (children inherit it), where no `mode` option can reach; the data and recording
 * folders are made 0700 as well, which also closes files an older version left 0644 inside them.
 */
import { chmod, mkdir } from 'node:fs/promises';

/** Files 0600 and folders 0700 from now on, for this process and the ffmpegs it starts. */
export function privateUmask(): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads may not change the umask; the folder modes below still hold.
  }
}

/** Creates `dir` if needed and makes it 0700; warns when it belongs to someone else (a shared mount). */
export async function privateFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700).catch((error: Error) => console.warn(`engine: could not make ${dir} private (${error.message}); other users of this machine may read it`));
}
