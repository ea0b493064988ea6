/**
 * Reads an asar archive's index and files (for the packaging tests), without a dependency:
 *
 *   u32 4 | u32 headerPickleSize | u32 … | u32 jsonLength | JSON header … | file data
 *
 * The header is a tree of `{ files: { name: entry } }`; a file entry has `size`, `offset` (a
 * decimal string, from the end of the header) or `unpacked: true` (the file is in
 * app.asar.unpacked), and `executable` when it had the executable bit.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** One file in the archive. */
export interface AsarFile {
  path: string;
  size: number;
  unpacked: boolean;
  offset?: number;
}

interface Node {
  files?: Record<string, Node>;
  size?: number;
  offset?: string;
  unpacked?: boolean;
}

function read(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const got = readSync(fd, buffer, 0, length, position);
  if (got !== length) throw new Error(`asar: short read at ${position}`);
  return buffer;
}

/** Lists every file of the archive with its size; `dataStart` is where file data begins. */
export function readAsar(archive: string): { files: AsarFile[]; dataStart: number } {
  const fd = openSync(archive, 'r');
  try {
    const headerPickleSize = read(fd, 0, 8).readUInt32LE(4);
    const header = read(fd, 8, headerPickleSize);
    const json = header.subarray(8, 8 + header.readUInt32LE(4)).toString('utf8');
    const files: AsarFile[] = [];
    const walk = (node: Node, prefix: string) => {
      for (const [name, child] of Object.entries(node.files ?? {})) {
        const path = prefix ? `${prefix}/${name}` : name;
        if (child.files) walk(child, path);
        else files.push({ path, size: child.size ?? 0, unpacked: child.unpacked === true, offset: child.offset === undefined ? undefined : Number(child.offset) });
      }
    };
    walk(JSON.parse(json) as Node, '');
    return { files, dataStart: 8 + headerPickleSize };
  } finally {
    closeSync(fd);
  }
}

/** The contents of one packed file. */
export function readAsarFile(archive: string, path: string): Buffer {
  const { files, dataStart } = readAsar(archive);
  const file = files.find((f) => f.path === path);
  if (!file || file.offset === undefined) throw new Error(`asar: ${path} is not packed in ${archive}`);
  const fd = openSync(archive, 'r');
  try {
    return read(fd, dataStart + file.offset, file.size);
  } finally {
    closeSync(fd);
  }
}
