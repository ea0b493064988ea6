/**
 * The engine as the viewer end-to-end tests start it: control API and bundled signalling on
 * loopback, on ports the system picks, with the cameras given; and the recorded camera "yard" the
 * playback tests watch.
 */
import { startEngine, type EngineOptions } from '../../apps/streamer/src/engine/engine.ts';

/** Starts the engine on 127.0.0.1 with free ports, data in `dataDir`, configured by `defaults` (and `more` options). */
export function startLoopbackEngine(dataDir: string, defaults: EngineOptions['defaults'], more: Partial<EngineOptions> = {}) {
  return startEngine({ dataDir, apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1', defaults, ...more });
}

/** Camera "yard" from an RTSP URL (over TCP), with motion events and 4 s continuous segments. */
export function recordedYard(url: string) {
  return {
    id: 'yard',
    name: 'Yard',
    source: { kind: 'rtsp' as const, url, transport: 'tcp' as const },
    motion: { enabled: true, fps: 8, startFrames: 3, endQuietSeconds: 2 },
    recording: { mode: 'continuous' as const, segmentSeconds: 4 },
  };
}
