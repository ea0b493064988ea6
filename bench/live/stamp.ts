/**
 * A video source that stamps each frame with the wall-clock time it was made: 48 black/white
 * 40×40 blocks (MSB first, rows of 16) at the top of a 640×360 y4m stream written into a FIFO.
 * The viewer page reads the blocks back (tests/fixtures/viewer.html), so glass-to-glass latency
 * is measured on one machine clock. A bar moves below the stamp, so frames differ like real video.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** The stamp layout; viewer.html reads the same one. */
export const STAMP = { cols: 16, rows: 3, block: 40 } as const;

/** A running stamp source. */
export interface StampSource {
  frames(): number;
  stop(): Promise<void>;
}

/** Creates the FIFO (if needed) and starts writing stamped frames into it at fps. */
export function startStampSource(fifo: string, width = 640, height = 360, fps = 15): StampSource {
  execFileSync('mkfifo', [fifo]);
  const stream = createWriteStream(fifo);
  stream.on('error', () => undefined);
  stream.write(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const lumaSize = width * height;
  const chromaSize = (width / 2) * (height / 2);
  const frame = Buffer.alloc(6 + lumaSize + chromaSize * 2);
  frame.write('FRAME\n', 0, 'ascii');
  frame.fill(128, 6 + lumaSize);
  const start = Date.now();
  const period = 1000 / fps;
  let count = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const draw = (stamp: number) => {
    const luma = 6;
    frame.fill(60, luma, luma + lumaSize);
    const barX = (count * 8) % (width - 24);
    for (let y = STAMP.rows * STAMP.block + 20; y < height; y++) frame.fill(220, luma + y * width + barX, luma + y * width + barX + 24);
    let value = stamp;
    const bits = STAMP.cols * STAMP.rows;
    for (let bit = bits - 1; bit >= 0; bit--) {
      const on = value % 2 === 1;
      value = Math.floor(value / 2);
      const x0 = (bit % STAMP.cols) * STAMP.block;
      const y0 = Math.floor(bit / STAMP.cols) * STAMP.block;
      for (let y = y0; y < y0 + STAMP.block; y++) frame.fill(on ? 235 : 16, luma + y * width + x0, luma + y * width + x0 + STAMP.block);
    }
  };

  const tick = () => {
    if (stopped) return;
    // A slow reader must not queue frames (nor may a queued frame be redrawn): drop the frame
    // instead, as a camera sensor would.
    if (stream.writableLength === 0) {
      draw(Date.now());
      stream.write(frame);
    }
    count++;
    timer = setTimeout(tick, Math.max(0, start + (count + 1) * period - Date.now()));
  };
  tick();

  return {
    frames: () => count,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await new Promise<void>((resolve) => stream.end(() => resolve()));
    },
  };
}
