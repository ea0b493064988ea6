/**
 * The streamer engine's composition root: wires the modules in order and owns their lifetimes.
 * Everything a streamer does runs here, with or without Electron (`vigil-streamer --headless`).
 */
import { join, resolve } from 'node:path';
import type { EngineConfigInput } from '@vigil/shared/engine-config';
import { ROUTES_CHANGED } from '@vigil/shared/remote';
import type { SignalingServerOptions } from '@vigil/signaling/node';
import { consoleAlertLog, createAlertService, type SecretStore } from './alerts/index.ts';
import { alertRoutes, createAlertsAdmin } from './alerts-admin.ts';
import { announceControlApi, createControlApi } from './api/server.ts';
import { createEngineMetrics } from './api/metrics.ts';
import { cameraRoutes, createCameraAdmin, listUsbDevices, liveCameraBackend } from './cameras.ts';
import { createOnvifAdmin, onvifRoutes, type OnvifOptions } from './onvif/index.ts';
import { createCameraManager, type CameraManagerOptions } from './camera/index.ts';
import { createCameraCatalog, logCameraState } from './camera/catalog.ts';
import { loadStreamerIdentity } from './config/identity.ts';
import { openConfigStore } from './config/store.ts';
import { locateFfmpeg, logFfmpegChoice } from './ffmpeg/locate.ts';
import { loadOrCreateToken } from './config/token.ts';
import { pairAndAnnounce, viewerAuthorizer } from './pairing/access.ts';
import { createPairingService } from './pairing/service.ts';
import { createPlaybackService, type PlaybackOptions } from './playback/service.ts';
import { createSignalingBridge, type BridgeOptions } from './signaling/bridge.ts';
import { createEngineTalk } from './talk/index.ts';
import { startSignaling } from './signaling/connect.ts';
import { remoteAdmin, remoteMediaHooks, startRemoteAccess, type StartRemoteOptions } from './remote/index.ts';
import { createRemoteSettings } from './remote/admin.ts';
import { remoteRoutes } from './api/remote-routes.ts';
import { createEventHub } from './events/hub.ts';
import { createHealthMonitor, type HealthOptions } from './health/service.ts';
import { healthRoutes } from './health/routes.ts';
import type { DecodeOptions } from './events/colour-snapshot.ts';
import { createMotionPipeline } from './events/motion-pipeline.ts';
import type { DetectionServiceOptions } from './detection/service.ts';
import { createPreviews, sessionRoutes } from './previews.ts';
import { privateFolder, privateUmask } from './private-files.ts';
import { createRecordingsAdmin, recordingRoutes } from './recordings-admin.ts';
import { createRecordingService, motionEventSource } from './recording/index.ts';
import type { ExportStoreOptions } from './recording/export-store.ts';
import { captureConsole, createLogRing } from './system/log-ring.ts';
import { createSystemMonitor } from './system/monitor.ts';
import { systemRoutes } from './system/routes.ts';
import { createViewerAdmin, viewerRoutes } from './viewers-admin.ts';
import { createStaticSite, DEFAULT_STREAMER_DIST, STREAMER_UI_CSP } from './web/static-site.ts';

export interface EngineOptions {
  /** Keys, admin token, TLS material, paired viewers. Created 0700 when missing. */
  dataDir: string;
  /** Default `<dataDir>/config.json`. */
  configFile?: string;
  /** Defaults for a config file created on first run (the demo adds a test-pattern camera). */
  defaults?: EngineConfigInput;
  /** Port overrides (tests use 0 for any free port). */
  apiPort?: number;
  signalingPort?: number;
  signalingHost?: string;
  camera?: CameraManagerOptions;
  /** Per-viewer live-session caps (see signaling/bridge.ts for the defaults). */
  live?: Pick<BridgeOptions, 'maxSessionsPerViewer' | 'maxSessionsPerViewerPerCamera' | 'refusalsPerSecond' | 'refusalBurst'>;
  /** Exports: how long they are kept, how much they may take, how many run at once (recording/export-store.ts). */
  exports?: ExportStoreOptions;
  /** Limits of the bundled signalling server (see apps/signaling/README.md for the defaults). */
  signaling?: Omit<SignalingServerOptions, 'host' | 'port' | 'tls' | 'router' | 'httpHandler'>;
  /** Playback limits: sessions per viewer and in all, timeouts (see playback/service.ts). */
  playback?: Omit<PlaybackOptions, 'backend' | 'hasCamera'>;
  /** The built viewer UI served on the signalling port. Default apps/viewer/dist. */
  viewerDist?: string;
  /** The built streamer UI served on the control API. Default apps/streamer/dist. */
  streamerDist?: string;
  /** Origins of streamer UIs served elsewhere that may call the control API (Electron: app://vigil). */
  uiOrigins?: string[];
  /** Where alert channel secrets live; the Electron shell passes a safeStorage-backed store. */
  secretStore?: SecretStore;
  /**
   * TESTS ONLY: admit viewers that connect to the embedded signalling server from loopback
   * without pairing. Off by default; never on in the product.
   */
  trustLoopbackViewers?: boolean;
  /** ONVIF discovery: interfaces to multicast from, extra unicast probe targets, call timeout. */
  onvif?: OnvifOptions;
  /** Remote access's router port mapper and STUN client (tests point them at a lab's router). */
  remote?: Pick<StartRemoteOptions, 'createMapper' | 'stun'>;
  /** Object detection runtime: backends, queue bound, how long alerts wait (see detection/service.ts). */
  detection?: Omit<DetectionServiceOptions, 'cameraOf' | 'publish' | 'onDrop'>;
  /** Colour event snapshots from the live feed's GOP: widest size, decode timeout (see events/colour-snapshot.ts). */
  snapshots?: Omit<DecodeOptions, 'ffmpeg'>;
  /** Health checks: how often cameras, segments and the storage forecast are read (see health/service.ts). */
  health?: Pick<HealthOptions, 'tickMs' | 'storageEveryMs' | 'growthEveryMs'>;
}

/** Everything a caller needs to reach a started engine. */
export interface EngineInfo {
  apiUrl: string;
  adminToken: string;
  streamerId: string;
  /** The signalling URL viewers dial, and the TLS pin (absent on plain loopback ws). */
  signalingUrl: string;
  /** Where a browser opens the viewer UI (the signalling server's origin); absent with remote signalling. */
  viewerUrl?: string;
  fingerprint?: { spkiSha256: string; pin: string };
}

/** Creates and starts an engine; stop() releases every process, socket and timer. */
export async function startEngine(options: EngineOptions) {
  const { dataDir } = options;
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    // 0. Everything written from here on (ffmpeg's segments included) is private to this user.
    privateUmask();
    await privateFolder(dataDir);
    // 1. Configuration, admin token and the streamer's identity key (its id is the key's hash).
    const store = await openConfigStore(options.configFile ?? join(dataDir, 'config.json'), options.defaults);
    const config = store.current();
    const adminToken = await loadOrCreateToken(join(dataDir, 'admin-token'));
    // The recent log for the System screen (masked: the token and credentials never enter it).
    const logs = createLogRing(undefined, () => [adminToken]);
    stops.push(captureConsole(logs));
    console.info(`engine: starting (data in ${dataDir})`);
    logFfmpegChoice(); // which ffmpeg runs the cameras, a warning for the 2018 fallback
    const identity = await loadStreamerIdentity(dataDir);

    // 2. The event hub every module publishes to, and the catalog they ask about cameras.
    const hub = createEventHub();
    const catalog = createCameraCatalog(store);
    // 3. Alerts first, so an event raised while cameras start is never lost (persistent outbox).
    const alerts = createAlertService({
      dir: join(dataDir, 'alerts'),
      secrets: options.secretStore,
      log: consoleAlertLog,
      onDelivery: (state) => hub.publish({ type: 'alert-delivery', state }),
    });
    await alerts.start();
    stops.push(() => alerts.stop());

    // 4. Recording, before the cameras so it can close what a crash left open; it marks the
    //    motion events (and their labels) it hears on the hub.
    const recordingRoot = resolve(dataDir, config.recording.root);
    const recording = createRecordingService({
      exports: options.exports,
      storage: { ...config.recording, root: recordingRoot },
      events: motionEventSource((cb) => hub.on(['motion', 'motion-labelled'], (e) => cb(e.transition))),
    });
    await privateFolder(recordingRoot);
    await recording.start();
    stops.push(() => recording.stop());
    stops.push(recording.onAlert((alert) => (console.warn(`recording: ${alert.message}`), hub.publish({ type: 'recording-alert', alert }))));
    recording.configure(config.cameras);

    // 5. Motion: workers, detection, overlays, alerts; transitions go out on the hub.
    const motion = createMotionPipeline({ hub, catalog, alerts, detection: options.detection, snapshots: options.snapshots, ffmpegPath: options.camera?.ffmpegPath });
    stops.push(() => motion.stop());
    const { detection } = motion;

    // 6. Cameras: one supervised ffmpeg each, feeding the live fan-out, motion and recording;
    //    each viewer's peer gets the STUN/TURN servers and the router's public address (remote/).
    const remoteMedia = remoteMediaHooks(() => store.current().remote);
    const manager = createCameraManager({ rtc: remoteMedia.rtc, advertise: remoteMedia.advertise, ...options.camera, recording: recording.hook, motion: motion.hook });
    await manager.start();
    stops.push(() => manager.stop());
    catalog.attachLive(manager);
    for (const camera of config.cameras) await manager.upsert(camera);

    // 7. Signalling: the bundled server (TLS unless loopback) or a remote one, and our client.
    //    Besides, every relay of `remote.relays`; then remote access: routes, port mapping, STUN.
    const signaling = await startSignaling({ dataDir, config: config.signaling, identity, host: options.signalingHost, port: options.signalingPort, limits: options.signaling, viewerDist: options.viewerDist, relays: config.remote.relays });
    stops.push(() => signaling.stop());
    const { client, server, url: signalingUrl, fingerprint } = signaling;
    const remote = await startRemoteAccess({ config: () => store.current().remote, signaling, ...options.remote, mainRelay: config.signaling.mode === 'remote' ? { url: signalingUrl, pin: signaling.codePin } : undefined });
    stops.push(() => remote.stop());
    remoteMedia.attach(remote);
    stops.push(remote.onChange(() => hub.publish({ type: 'remote-status', status: remote.status() })));

    // 8. Camera states go out on the hub (and into the log) from here on.
    stops.push(manager.onState((state) => hub.publish({ type: 'camera-state', state })));
    stops.push(hub.on('camera-state', ({ state }) => logCameraState(state)));

    // 9. Pairing, and the one authorisation hook every viewer request passes.
    const pairing = await createPairingService({
      dataDir,
      streamerId: identity.streamerId,
      streamerName: () => store.current().name,
      address: () => ({ url: signalingUrl, fingerprint: signaling.codePin, routes: remote.routes() }),
    });
    const authorize = viewerAuthorizer(pairing, options.trustLoopbackViewers ? server : undefined);

    // 10. Playback of recordings over data-channel-only peers, for cameras configured or recorded.
    const playback = createPlaybackService({
      ...options.playback,
      peer: { rtc: remoteMedia.rtc, advertise: remoteMedia.advertise, ...options.playback?.peer },
      backend: recording,
      hasCamera: (id) => catalog.has(id) || recording.usage().some((u) => u.camera === id),
      sendCandidate: (to, session, candidate) => signaling.bridgeClient.send({ type: 'candidate', to, session, candidate }),
    });
    stops.push(() => playback.stop());
    // 10b. Talk back: a permitted viewer's microphone to a camera's ONVIF backchannel.
    const talk = createEngineTalk({ ffmpegPath: options.camera?.ffmpegPath ?? locateFfmpeg(), hub, cameras: catalog.configs, viewers: pairing.viewers });
    stops.push(() => talk.stop());
    // 11. The bridge between viewers and cameras: live view and playback, both authorised alike.
    const bridge = createSignalingBridge({
      ...options.live,
      client: signaling.bridgeClient,
      backend: { openSession: (r) => manager.openSession({ ...r, talk: r.viewer ? (notify) => talk.line(r.cameraId, r.viewer!, notify) : undefined }), cameras: catalog.summaries },
      authorize,
      methods: {
        playback: (payload, caller) => playback.open(caller, payload),
        // Remote viewing: ICE servers with TURN credentials minted for this viewer, and every route.
        ice: async (_payload, caller) => remoteMedia.ice.forViewer(caller.viewer),
        routes: async () => ({ routes: remote.routes() }),
      },
      peers: playback,
      pair: pairAndAnnounce(pairing, hub),
      onSession: hub.publish,
    });
    bridge.start();
    stops.push(() => bridge.stop());
    // 12. The streamer UI's previews; they and the bridge's sessions watch cameras (overlays).
    const previews = createPreviews(manager);
    stops.push(() => previews.closeAll());
    catalog.addWatchers(bridge, previews);
    // 13. A revoked viewer loses its live and playback sessions at once. When the routes change
    //     (a new public address, a relay added), every viewer watching live is told to fetch them.
    stops.push(pairing.viewers.onRevoke((id) => (bridge.closeViewer(id), playback.closeViewer(id), hub.publish({ type: 'viewer-revoked', id }))));
    stops.push(remote.onRoutes(() => catalog.configs().forEach((c) => bridge.liveSessionsOf(c.id).forEach((s) => s.sendEvent({ type: ROUTES_CHANGED })))));

    // 14. Health: cameras offline, recording failing, storage, integrity, crash restarts, clock
    //     jumps, alerted through the outbox above and listed on the System screen.
    const recordings = createRecordingsAdmin(recording, recordingRoot, (progress) => hub.publish({ type: 'recording-export', progress }), { cameras: catalog.configs, storage: config.recording });
    const health = createHealthMonitor({ ...options.health, dir: join(dataDir, 'health'), alerts, cameras: catalog, recording, recordingRoot, storage: () => recordings.storage() });
    await health.start();
    stops.push(() => health.stop());

    // 15. The control API (loopback, admin token) for the streamer UI and scripts: each area's routes.
    const cameras = createCameraAdmin(store, liveCameraBackend(manager, catalog, { recording, motion }));
    const metrics = createEngineMetrics({ states: catalog.states, stats: catalog.stats, sessions: () => bridge.sessions().length, detection: () => detection.cameraStats() });
    const system = createSystemMonitor({ diskPath: recordingRoot, cameras: catalog.summaries, stats: catalog.stats, problems: () => [...alerts.problems(), ...health.systemProblems()] });
    const api = createControlApi({
      host: config.api.host,
      port: options.apiPort ?? config.api.port,
      token: adminToken,
      ui: createStaticSite(options.streamerDist ?? DEFAULT_STREAMER_DIST, 'npm run build:streamer-ui', STREAMER_UI_CSP),
      uiOrigins: options.uiOrigins,
      events: hub.onPublic,
      signedFor: recordings.signedFor,
      routes: {
        ...cameraRoutes(cameras, { checkQuota: recordings.checkQuota, listDevices: listUsbDevices, hub }),
        ...sessionRoutes(previews, bridge),
        ...viewerRoutes(createViewerAdmin(pairing)),
        ...recordingRoutes(recordings),
        ...alertRoutes(createAlertsAdmin(alerts)),
        ...onvifRoutes(createOnvifAdmin({ ffmpegPath: options.camera?.ffmpegPath, ...options.onvif })),
        ...systemRoutes(system, logs, metrics),
        ...healthRoutes(health),
        ...remoteRoutes(remoteAdmin(remote, signaling, createRemoteSettings(store))),
      },
    });
    const { url: apiUrl } = await api.start();
    announceControlApi(config.api.host, apiUrl);
    stops.push(() => api.stop());

    const info: EngineInfo = { apiUrl, adminToken, streamerId: identity.streamerId, signalingUrl, viewerUrl: signaling.viewerUrl, fingerprint };
    return { info, stop, manager, pairing, client, server, alerts, recording, detection, playback, remote, health };
  } catch (error) {
    await stop();
    throw error;
  }
}
export type Engine = Awaited<ReturnType<typeof startEngine>>;
