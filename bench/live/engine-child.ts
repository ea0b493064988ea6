/**
 * The engine alone in a process, so the CPU benchmark can read its figures (and its ffmpeg's)
 * from /proc without counting Chromium, the RTSP server or the benchmark driver. Driven over IPC:
 * { op: 'upsert' | 'open' | 'close-all' | 'stats' | 'stop', ... } → { ok, ... }.
 */
import { createCameraManager, type LiveSession } from '../../apps/streamer/src/engine/camera/index.ts';

interface Request {
  seq: number;
  op: 'upsert' | 'open' | 'close-all' | 'stats' | 'stop';
  config?: unknown;
  cameraId?: string;
  offer?: string;
}

// --werift-srtp: sessions protect and send with werift's own SRTP path (the comparison run).
const manager = createCameraManager({ weriftSrtp: process.argv.includes('--werift-srtp') });
const sessions: LiveSession[] = [];
await manager.start();

process.on('message', (raw) => {
  const request = raw as Request;
  void handle(request).then(
    (result) => process.send?.({ seq: request.seq, ok: true, ...result }),
    (error: Error) => process.send?.({ seq: request.seq, ok: false, error: error.message }),
  );
});
process.send?.({ seq: 0, ok: true, ready: true });

async function handle(request: Request): Promise<Record<string, unknown>> {
  switch (request.op) {
    case 'upsert':
      await manager.upsert(request.config as Parameters<typeof manager.upsert>[0]);
      return {};
    case 'open': {
      const session = await manager.openSession({ cameraId: request.cameraId ?? '', offerSdp: request.offer ?? '' });
      sessions.push(session);
      return { answer: session.answerSdp };
    }
    case 'close-all':
      await Promise.all(sessions.splice(0).map((session) => session.close()));
      return {};
    case 'stats':
      return { states: manager.states(), stats: manager.stats(request.cameraId ?? '') };
    case 'stop':
      await manager.stop();
      setImmediate(() => process.exit(0));
      return {};
  }
}
