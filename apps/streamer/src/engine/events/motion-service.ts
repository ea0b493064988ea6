/**
 * Motion detection per camera: a worker thread for each camera whose config turns motion on,
 * fed by its ffmpeg's `motion` output (the supervisor hands over stdout on every spawn), its
 * results and transitions passed to the motion bus.
 */
import type { Readable } from 'node:stream';
import type { CameraConfig } from '@vigil/shared/config';
import { MotionConfig, type MotionTransition } from '@vigil/shared/motion';
import type { MotionHook } from '../camera/motion-hook.ts';
import type { MotionFrames } from '../ffmpeg/outputs.ts';
import { MotionWorker, scaledHeight, type MotionResult, type Snapshot } from '../motion/index.ts';

interface Sink {
  result(result: MotionResult): void;
  transition(transition: MotionTransition, snapshot?: Snapshot): Promise<void>;
}

/** The frame size a camera's detector gets: its aspect when known (16:9 for RTSP), even sizes. */
export function motionFrames(config: CameraConfig): MotionFrames | undefined {
  if (!config.motion) return undefined;
  const motion = MotionConfig.parse(config.motion);
  if (!motion.enabled) return undefined;
  const source = config.source;
  const height = 'width' in source && 'height' in source ? scaledHeight(motion.width, source.width, source.height) : Math.round((motion.width * 9) / 16 / 2) * 2;
  return { width: motion.width, height, fps: motion.fps };
}

/** Creates the motion service; pass `hook` to the camera manager. */
export function createMotionService(sink: Sink, log: (message: string) => void = (m) => console.warn(m)) {
  const workers = new Map<string, { worker: MotionWorker; key: string; ready: Promise<void> }>();
  const configs = new Map<string, CameraConfig>();

  function workerFor(id: string): { worker: MotionWorker; ready: Promise<void> } | undefined {
    const config = configs.get(id);
    const frames = config && motionFrames(config);
    if (!config || !frames) return undefined;
    const key = JSON.stringify([frames, config.motion]);
    const existing = workers.get(id);
    if (existing?.key === key) return existing;
    if (existing) void existing.worker.stop();
    const worker = new MotionWorker({
      camera: id,
      width: frames.width,
      height: frames.height,
      config: config.motion,
      onResult: (result) => sink.result(result),
      onTransition: (transition, snapshot) => void sink.transition(transition, snapshot),
      onError: (error) => log(`motion ${id}: ${error.message}`),
    });
    const entry = { worker, key, ready: worker.start() };
    entry.ready.catch((error: Error) => log(`motion ${id}: the worker did not start: ${error.message}`));
    workers.set(id, entry);
    return entry;
  }

  const hook: MotionHook = {
    frames: (config) => (configs.set(config.id, config), motionFrames(config)),
    attach(id: string, stdout: Readable) {
      const entry = workerFor(id);
      if (!entry) return void stdout.resume(); // never block ffmpeg on an unread pipe
      entry.ready.then(() => entry.worker.connect(stdout), () => stdout.resume());
    },
  };

  return {
    hook,
    /** Stops the workers of cameras that are gone or have motion off. */
    async sync(cameras: readonly CameraConfig[]): Promise<void> {
      const wanted = new Set(cameras.filter((c) => motionFrames(c)).map((c) => c.id));
      for (const c of cameras) configs.set(c.id, c);
      for (const [id, entry] of workers) {
        if (wanted.has(id)) continue;
        workers.delete(id);
        await entry.worker.stop();
      }
    },
    /** Ends open events and stops every worker. */
    async stop(): Promise<void> {
      await Promise.all([...workers.values()].map((e) => e.worker.stop()));
      workers.clear();
    },
  };
}
