/**
 * A streaming writer of uncompressed POSIX (ustar) tar archives: how an export bundle (a folder)
 * reaches a viewer as one download. Files are read as they are sent, never held whole.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** A file to put in the archive under `name` (forward slashes). */
export interface TarFile {
  name: string;
  path: string;
}

const BLOCK = 512;
const padded = (size: number) => Math.ceil(size / BLOCK) * BLOCK;

function field(header: Uint8Array, offset: number, length: number, value: string): void {
  header.set(new TextEncoder().encode(value).subarray(0, length), offset);
}

const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, '0')}\0`;

/** The 512-byte ustar header of a regular file. */
export function tarHeader(name: string, size: number, mtimeMs: number): Uint8Array {
  let prefix = '';
  let base = name;
  if (new TextEncoder().encode(name).byteLength > 100) {
    // ustar splits a long path at a slash: up to 155 bytes of folders, then up to 100 of name.
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || name.length - cut - 1 > 100) throw new Error(`path too long for a tar archive: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  const header = new Uint8Array(BLOCK);
  field(header, 0, 100, base);
  field(header, 100, 8, octal(0o644, 8));
  field(header, 108, 8, octal(0, 8));
  field(header, 116, 8, octal(0, 8));
  field(header, 124, 12, octal(size, 12));
  field(header, 136, 12, octal(Math.floor(mtimeMs / 1000), 12));
  field(header, 148, 8, '        ');
  field(header, 156, 1, '0');
  field(header, 257, 6, 'ustar\0');
  field(header, 263, 2, '00');
  field(header, 345, 155, prefix);
  const sum = header.reduce((total, byte) => total + byte, 0);
  field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** Sizes the archive of `files` and streams it: resolves with the total bytes and the chunks. */
export async function tarArchive(files: readonly TarFile[]): Promise<{ bytes: number; chunks: () => AsyncGenerator<Uint8Array> }> {
  const entries = await Promise.all(files.map(async (file) => ({ ...file, info: await stat(file.path) })));
  const bytes = entries.reduce((total, entry) => total + BLOCK + padded(entry.info.size), 0) + 2 * BLOCK;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (const entry of entries) {
      yield tarHeader(entry.name, entry.info.size, entry.info.mtimeMs);
      let sent = 0;
      for await (const chunk of createReadStream(entry.path, { end: entry.info.size - 1, highWaterMark: 64 * 1024 })) {
        sent += (chunk as Buffer).byteLength;
        yield chunk as Buffer;
      }
      if (sent !== entry.info.size) throw new Error(`${entry.name} changed while it was archived`);
      if (padded(sent) > sent) yield new Uint8Array(padded(sent) - sent);
    }
    yield new Uint8Array(2 * BLOCK);
  }
  return { bytes, chunks };
}
