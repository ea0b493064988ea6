/** Free space of the filesystem holding the recordings (statfs). */
import { statfs } from 'node:fs/promises';

/** Bytes available to this (unprivileged) process on the filesystem of `path`; undefined if unknown. */
export async function freeBytes(path: string): Promise<number | undefined> {
  try {
    const stats = await statfs(path);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** True for the errors a full disk or quota raises. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
