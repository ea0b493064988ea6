import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { MotionTransition } from '@vigil/shared/motion';
import { MotionWorker } from './motion-worker.ts';

const W = 160;
const H = 90;
const FPS = 20;

/**
 * A real ffmpeg producing what the camera pipeline's motion output produces (raw gray frames on
 * a pipe, in real time), optionally with a white square crossing a noisy gray scene from t = 1 s.
 */
function ffmpeg(moving: boolean) {
  const scene = `color=c=0x707070:s=${W}x${H}:r=${FPS},noise=alls=6:allf=t`;
  const graph = moving
    ? ['-f', 'lavfi', '-i', scene, '-f', 'lavfi', '-i', `color=c=white:s=16x16:r=${FPS}`,
       '-filter_complex', "[0][1]overlay=x='if(gte(t,1),(t-1)*50,-100)':y=37:eval=frame,format=gray"]
    : ['-f', 'lavfi', '-i', scene];
  return spawn('ffmpeg', ['-v', 'error', '-re', ...graph, '-t', '3', '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function run(moving: boolean) {
  const transitions: MotionTransition[] = [];
  const snapshots: number[] = [];
  let movingFrames = 0;
  const worker = new MotionWorker({
    camera: 'porch', width: W, height: H,
    config: { width: W, fps: FPS, startFrames: 3, endQuietSeconds: 0.5 },
    onResult: (r) => void (r.moving && movingFrames++),
    onTransition: (t, snapshot) => {
      transitions.push(t);
      if (snapshot) snapshots.push(snapshot.data.length);
    },
  });
  await worker.start();
  const child = ffmpeg(moving);
  worker.connect(child.stdout);
  await once(child, 'exit');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await worker.stop();
  return { transitions, snapshots, movingFrames, processed: worker.processed, drops: worker.drops };
}

describe('motion worker fed by a real ffmpeg', () => {
  it.concurrent('drops frames instead of queueing them when the worker is behind', async () => {
    const worker = new MotionWorker({ camera: 'burst', width: W, height: H, maxInFlight: 2 });
    await worker.start();
    const frame = new Uint8Array(W * H).fill(90);
    // A burst faster than any worker: only the lent buffers (maxInFlight + 1) go out.
    const accepted = Array.from({ length: 20 }, () => worker.push(frame)).filter(Boolean).length;
    expect(accepted).toBe(3);
    expect(worker.drops).toBe(17);
    // The three lent frames come back processed (on a loaded machine that can take a while).
    await vi.waitFor(() => expect(worker.processed).toBe(3), { timeout: 10_000, interval: 50 });
    expect(worker.push(frame)).toBe(true); // buffers came back with the results
    await worker.stop();
  });

  it.concurrent('starts an event for a moving square, with boxes and a snapshot', async () => {
    const r = await run(true);
    expect(r.processed + r.drops).toBe(3 * FPS);
    expect(r.processed).toBeGreaterThan(50);
    expect(r.transitions[0]?.type).toBe('start');
    const start = r.transitions[0]!.event;
    expect(start.camera).toBe('porch');
    expect(start.boxes.length).toBeGreaterThan(0);
    expect(r.transitions.at(-1)?.type).toBe('end');
    expect(r.snapshots[0]).toBe(W * H);
    expect(r.movingFrames).toBeGreaterThan(20);
  });

  it.concurrent('stays quiet on a still, noisy scene', async () => {
    const r = await run(false);
    expect(r.processed).toBeGreaterThan(50);
    expect(r.transitions).toEqual([]);
    expect(r.movingFrames).toBe(0);
  });
});
