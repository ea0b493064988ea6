/**
 * The motion worker thread: one camera's detector and event state machine, fed grayscale frames
 * by the engine (see motion-worker.ts). Started through worker-boot.mjs so TypeScript loads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MotionTransition } from '@vigil/shared/motion';
import { MotionDetector } from './detector.ts';
import { MotionEvents } from './events.ts';
import type { FromWorker, Snapshot, ToWorker, WorkerInit } from './protocol.ts';

const init = workerData as WorkerInit;
const { width, height, config } = init;
const detector = new MotionDetector({
  width, height, zones: config.zones, masks: config.masks, sensitivity: config.sensitivity, minArea: config.minArea,
});
const events = new MotionEvents({
  camera: init.camera,
  zoneIds: config.zones.map((zone) => zone.id),
  startFrames: config.startFrames,
  endQuietMs: config.endQuietSeconds * 1000,
  preRollMs: config.preRollSeconds * 1000,
  postRollMs: config.postRollSeconds * 1000,
});
// The busiest frame of the current event, copied only when the peak rises.
const peakFrame = new Uint8Array(width * height);

function snapshot(): Snapshot {
  return { width, height, data: peakFrame.slice() };
}

function analyse(buffer: ArrayBuffer, at: number): void {
  const started = performance.now();
  const frame = new Uint8Array(buffer, 0, width * height);
  const r = detector.process(frame);
  const transition = events.update({
    at, index: r.frame - 1, moving: r.moving, areaFraction: r.areaFraction, zoneBits: r.zoneBits,
    boxes: r.boxes, boxCount: r.boxCount, width, height,
  });
  if (events.newPeak) peakFrame.set(frame);
  const transitions: MotionTransition[] = transition ? [transition] : [];
  const boxes: number[] = [];
  for (let b = 0; b < r.boxCount; b++) {
    const x0 = r.boxes[b * 4]!, y0 = r.boxes[b * 4 + 1]!, x1 = r.boxes[b * 4 + 2]!, y1 = r.boxes[b * 4 + 3]!;
    boxes.push(x0 / width, y0 / height, (x1 - x0 + 1) / width, (y1 - y0 + 1) / height);
  }
  const message: FromWorker = {
    type: 'result', buffer, at, index: r.frame - 1, boxes, fraction: r.fraction, moving: r.moving,
    relearning: r.relearning, gain: r.gain, transitions, busyMs: performance.now() - started,
  };
  const transfer: ArrayBuffer[] = [buffer];
  if (transition && transition.type !== 'update') {
    message.snapshot = snapshot();
    transfer.push(message.snapshot.data.buffer as ArrayBuffer);
  }
  parentPort!.postMessage(message, transfer);
}

parentPort!.on('message', (message: ToWorker) => {
  if (message.type === 'frame') analyse(message.buffer, message.at);
  else {
    const end = events.flush();
    const reply: FromWorker = { type: 'flushed', transitions: end ? [end] : [] };
    if (end) reply.snapshot = snapshot();
    parentPort!.postMessage(reply);
  }
});

parentPort!.postMessage({ type: 'ready' } satisfies FromWorker);
