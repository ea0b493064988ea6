/**
 * Vigil's parts inside a network lab namespace, run by a lab agent (netlab-agent.ts): the test
 * process cannot open sockets in another namespace, so the engine, its camera and the relay are
 * started here and driven over the agent's IPC. Everything returned is plain data.
 *
 *   agent(home).keep('vigil', LAB_ENGINE, 'startLabEngine', [options]) → invoke('vigil', 'offer') …
 */
import type { RemoteConfig } from '@vigil/shared/engine-config';
import { startEngine } from '../../apps/streamer/src/engine/engine.ts';
import { startRtspServer } from './rtsp-server.ts';
import { startSignalProcess } from './signal-process.ts';

/** This module's path, for `agent.keep`. */
export const LAB_ENGINE = 'tests/helpers/lab-engine.ts';

export interface LabEngineOptions {
  dataDir: string;
  /** Port of the bundled signalling server (the port mapping forwards the same number). */
  signalingPort: number;
  remote: Partial<RemoteConfig>;
  /** The built streamer UI (for screenshots of its Remote access screen). */
  streamerDist?: string;
}

/** A GStreamer RTSP camera and an engine watching it, in this process's namespace. */
export async function startLabEngine(options: LabEngineOptions) {
  const camera = await startRtspServer({ width: 640, height: 360, fps: 15 });
  const engine = await startEngine({
    dataDir: options.dataDir,
    apiPort: 0,
    signalingPort: options.signalingPort,
    signalingHost: '0.0.0.0',
    streamerDist: options.streamerDist,
    defaults: { name: 'Home', cameras: [{ id: 'porch', name: 'Porch', source: { kind: 'rtsp', url: camera.url() } }], remote: options.remote },
  });
  return {
    info: () => ({ apiUrl: engine.info.apiUrl, adminToken: engine.info.adminToken, signalingUrl: engine.info.signalingUrl, viewerUrl: engine.info.viewerUrl, pin: engine.info.fingerprint?.pin, spkiSha256: engine.info.fingerprint?.spkiSha256, streamerId: engine.info.streamerId }),
    /** A fresh one-time pairing code. */
    offer: () => engine.pairing.offers.issue().uri,
    remoteStatus: () => engine.remote.status(),
    testFromOutside: () => engine.remote.test(),
    /** The live sessions as the control API lists them (id, camera, viewer). */
    sessions: async () => (await fetch(`${engine.info.apiUrl}/api/sessions`, { headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json() as Promise<{ id: string; cameraId: string }[]>,
    async stop() {
      await engine.stop();
      await camera.stop();
    },
  };
}

/**
 * A standalone relay (`vigil-signal`) in this process's namespace, serving the viewer from
 * `viewerDir`; its reach checks may dial the lab's documentation-range addresses.
 */
export async function startLabRelay(host: string, tlsDir: string, viewerDir: string) {
  const relay = await startSignalProcess(host, tlsDir, ['--viewer', viewerDir, '--reach-private'], 443);
  return {
    info: () => ({ url: relay.url, pin: relay.pin, spkiSha256: relay.spkiSha256 }),
    output: () => relay.output(),
    stop: () => relay.stop(),
  };
}
