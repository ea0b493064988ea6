/**
 * Prometheus metrics of the engine, read from the cameras at scrape time (nothing is counted on
 * the media path). A registry per engine, so several engines in one process (tests) stay apart.
 */
import { Gauge, Registry } from 'prom-client';
import type { CameraState } from '@vigil/shared/config';
import type { CameraStats } from '@vigil/shared/api';

interface Source {
  states(): CameraState[];
  stats(id: string): CameraStats | undefined;
  sessions(): number;
}

/** Creates the engine's metrics registry over `source`. */
export function createEngineMetrics(source: Source) {
  const registry = new Registry();
  const labelNames = ['camera'] as const;
  const gauge = (name: string, help: string, read: (s: CameraStats, st: CameraState) => number) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const state of source.states()) {
          const stats = source.stats(state.id);
          if (stats) this.set({ camera: state.id }, read(stats, state));
        }
      },
    });
  gauge('vigil_camera_up', '1 when the camera is live', (_s, st) => (st.state === 'live' ? 1 : 0));
  gauge('vigil_camera_fps', 'Frames per second received from the camera', (s) => s.fps);
  gauge('vigil_camera_bitrate_kbps', 'Video bitrate received from the camera, kbit/s', (s) => s.bitrateKbps);
  gauge('vigil_camera_viewers', 'Live viewer sessions of the camera', (s) => s.viewers);
  gauge('vigil_camera_restarts_total', 'Times the camera pipeline was restarted', (s) => s.restarts);
  new Gauge({
    name: 'vigil_camera_last_error_info',
    help: 'The reason the camera last failed, as a label',
    labelNames: ['camera', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const st of source.states()) if (st.reason) this.set({ camera: st.id, reason: st.reason }, 1);
    },
  });
  new Gauge({
    name: 'vigil_live_sessions',
    help: 'Live viewer sessions on this engine',
    registers: [registry],
    collect() {
      this.set(source.sessions());
    },
  });
  return {
    /** The exposition text and its content type. */
    async scrape(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
