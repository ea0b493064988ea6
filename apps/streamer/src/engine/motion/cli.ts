/**
 * Runs Vigil's detector, with its default settings, over a raw 8-bit grayscale sequence (frames
 * back to back) and writes the foreground masks in the same layout (255 foreground, 0 background),
 * so any ground-truth set can be scored the same way:
 *
 *   npx tsx apps/streamer/src/engine/motion/cli.ts --width 320 --height 180 < in.gray > masks.gray
 *   ffmpeg -i clip.mp4 -vf scale=320:180 -pix_fmt gray -f rawvideo - | npx tsx …/cli.ts -W 320 -H 180 --out masks.gray
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { MotionDetector } from './detector.ts';
import { FrameReader } from './frame-reader.ts';

const USAGE = 'usage: cli.ts --width W --height H [--fps F] [--in file] [--out file]  (stdin/stdout by default)';

/** Parses the arguments, runs the detector over the input and resolves with the frame count. */
export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      width: { type: 'string', short: 'W' },
      height: { type: 'string', short: 'H' },
      // Accepted for symmetry with the engine; the pixel model itself counts frames, not seconds.
      fps: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const width = Number(values.width);
  const height = Number(values.height);
  if (values.help || !Number.isInteger(width) || !Number.isInteger(height) || width < 8 || height < 8) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 2;
    return 0;
  }
  const input = values.in ? createReadStream(values.in) : process.stdin;
  const output: Writable = values.out ? createWriteStream(values.out) : process.stdout;
  const detector = new MotionDetector({ width, height });
  const frame = new Uint8Array(width * height);
  let pending: Promise<unknown> | undefined;
  let frames = 0;
  const reader = new FrameReader(width * height, {
    acquire: () => frame,
    frame: (full) => {
      const mask = detector.process(full).mask;
      const out = Buffer.allocUnsafe(mask.length);
      for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? 255 : 0;
      frames++;
      // One input chunk can hold many frames: wait for a single 'drain', not one listener per frame.
      if (!output.write(out)) pending ??= once(output, 'drain');
    },
  });
  for await (const chunk of input) {
    reader.push(chunk as Buffer);
    if (pending) {
      await pending;
      pending = undefined;
    }
  }
  if (output !== process.stdout) {
    output.end();
    await once(output, 'finish');
  }
  process.stderr.write(`${frames} frames of ${width}×${height}\n`);
  return frames;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
