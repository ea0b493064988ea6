/**
 * Follows the CSV list ffmpeg's segment muxer appends a line to (`name,start,end` in stream
 * seconds) each time it closes a segment. Polled rather than fs.watch'ed: watch events are
 * unreliable on network shares and some container filesystems, and a poll of one small file every
 * half second costs nothing.
 */
import { open, stat } from 'node:fs/promises';

/** A closed segment as the list reports it. */
export interface ListedSegment {
  name: string;
  /** Seconds of stream time. */
  startS: number;
  endS: number;
}

/** Reads the lines added to a list since the last call. */
export class SegmentListReader {
  private offset = 0;
  private pending = '';

  constructor(readonly file: string) {}

  /** New complete lines since the last read (none if the file does not exist yet). */
  async read(): Promise<ListedSegment[]> {
    // One stat per poll in the usual case (nothing new): no open, read or close.
    const size = (await stat(this.file).catch(() => undefined))?.size ?? 0;
    if (size <= this.offset) return [];
    const handle = await open(this.file, 'r').catch(() => undefined);
    if (!handle) return [];
    try {
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      this.pending += buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    const out: ListedSegment[] = [];
    for (const line of lines) {
      // Names never hold commas (see names.ts), so a plain split is enough.
      const [name, start, end] = line.trim().split(',');
      if (name && start !== undefined && end !== undefined) out.push({ name, startS: Number(start), endS: Number(end) });
    }
    return out;
  }
}
