/**
 * For the tests and bench/snapshots (as motion/synthetic.ts is for motion's): a real H.264 GOP as
 * the engine's live feed caches it: ffmpeg encodes a test picture with the
 * engine's own live encoder settings (libx264, SPS/PPS in-band) and sends RTP to a LiveFeed on
 * loopback; the feed's GOP cache is returned as RTP packets. One GOP: the keyframe interval is
 * the frame count.
 */
import { spawn } from 'node:child_process';
import { h264EncodeArgs, LIVE_PACKET_SIZE } from '../ffmpeg/outputs.ts';
import { locateFfmpeg } from '../ffmpeg/locate.ts';
import { LiveFeed } from '../live/feed.ts';
import { rtpToAnnexB } from './annexb.ts';

export interface GopOptions {
  width: number;
  height: number;
  /** Pictures in the GOP; default 15. */
  frames?: number;
  fps?: number;
  /** lavfi source; default testsrc2 (colour bars, a moving gradient and a counter). */
  source?: string;
  /** ffmpeg input (and filter) arguments giving one video stream of width × height, instead of `source`. */
  input?: string[];
}

/** Encodes one GOP and returns its RTP packets, oldest first. */
export async function recordGop(options: GopOptions): Promise<Buffer[]> {
  const frames = options.frames ?? 15;
  const fps = options.fps ?? 15;
  const feed = new LiveFeed({ gopCacheBytes: 64 << 20 });
  const port = await feed.start();
  try {
    const input = options.input ?? ['-f', 'lavfi', '-i', `${options.source ?? 'testsrc2'}=size=${options.width}x${options.height}:rate=${fps}`];
    const args = ['-hide_banner', '-loglevel', 'error', '-re', ...input,
      '-frames:v', String(frames), ...h264EncodeArgs(frames), '-f', 'rtp', `rtp://127.0.0.1:${port}?pkt_size=${LIVE_PACKET_SIZE}`];
    const child = spawn(locateFfmpeg(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`ffmpeg could not encode the GOP: ${stderr}`);
    const deadline = Date.now() + 5000;
    for (;;) {
      const packets = feed.cached().map((p) => p.data);
      if (rtpToAnnexB(packets).accessUnits === frames) return packets;
      if (Date.now() > deadline) throw new Error(`the feed cached ${rtpToAnnexB(packets).accessUnits} of ${frames} pictures`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await feed.stop();
  }
}
