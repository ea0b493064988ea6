/**
 * The detection worker thread: loads the model once, then runs each job's regions in turn. One
 * job at a time; the engine's side (detection-worker.ts) bounds how many wait.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CenterNet } from './centernet.ts';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';

const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

try {
  const net = await CenterNet.load(workerData as WorkerInit);
  port.on('message', (job: ToWorker) => {
    const started = performance.now();
    try {
      const raster = { width: job.width, height: job.height, channels: job.channels, data: new Uint8Array(job.buffer) };
      const detections = job.regions.flatMap((region) => net.detect(raster, region));
      send({ type: 'result', id: job.id, detections, ms: performance.now() - started, inferences: job.regions.length });
    } catch (error) {
      send({ type: 'error', id: job.id, message: (error as Error).message });
    }
  });
  send({ type: 'ready', backend: net.backend });
} catch (error) {
  send({ type: 'failed', message: (error as Error).message });
}
