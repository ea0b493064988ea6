/**
 * Reads a video file's packets with ffmpeg's framehash muxer (packet copy, nothing decoded): how
 * many, how long, and each packet's SHA-256. Used to time a segment left open by a crash and to
 * check that an exported clip carries exactly the recorded packets.
 */
import { execFile } from 'node:child_process';

/** The packets of a file's first video stream. */
export interface PacketSummary {
  count: number;
  /** From the first packet's pts to the last packet's end, in ms. */
  durationMs: number;
  /** SHA-256 of each packet's payload, in file order. */
  hashes: string[];
}

/** Longest a probe may take; default 60 s (a long export on a slow disk). */
export const DEFAULT_PROBE_TIMEOUT_MS = 60_000;

/**
 * Lists a file's video packets (or, with `kind` 'a', its sound's packets: none when it has no
 * sound) without decoding them.
 */
export function probePackets(ffmpegPath: string, file: string, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS, kind: 'v' | 'a' = 'v'): Promise<PacketSummary> {
  const map = kind === 'v' ? '0:v:0' : '0:a:0?';
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-map', map, '-c', 'copy', '-f', 'framehash', '-hash', 'sha256', '-'];
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath, args, { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => {
      if (error && !stdout) return reject(error);
      resolve(parseFramehash(stdout));
    });
  });
}

/** Parses framehash output (`#tb 0: 1/90000`, then `0, dts, pts, duration, size, hash` lines). */
export function parseFramehash(text: string): PacketSummary {
  let timebase = 0;
  let first: number | undefined;
  let last = 0;
  const hashes: string[] = [];
  for (const line of text.split('\n')) {
    const tb = /^#tb 0: (\d+)\/(\d+)/.exec(line);
    if (tb) timebase = Number(tb[1]) / Number(tb[2]);
    if (line.startsWith('#') || !line.trim()) continue;
    const fields = line.split(',').map((field) => field.trim());
    if (fields[0] !== '0' || fields.length < 6) continue;
    const pts = Number(fields[2]);
    first ??= pts;
    last = Math.max(last, pts + Number(fields[3]));
    hashes.push(fields[5]!.replace(/^SHA256=/i, ''));
  }
  const durationMs = first === undefined ? 0 : Math.round((last - first) * timebase * 1000);
  return { count: hashes.length, durationMs, hashes };
}
