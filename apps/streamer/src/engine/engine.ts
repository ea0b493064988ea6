/**
 * The streamer engine's composition root: wires the modules in order and owns their lifetimes.
 * Everything a streamer does runs here, with or without Electron (`vigil-streamer --headless`).
 */
import { join, resolve } from 'node:path';
import type { EngineConfigInput } from '@vigil/shared/engine-config';
import type { EngineEvent } from '@vigil/shared/api';
import { SignalingClient } from '@vigil/signaling/client';
import { createNodeSocketFactory, createSignalingServer, loadOrCreateIdentity, pairingPin, type SignalingServer, type SignalingServerOptions } from '@vigil/signaling/node';
import type { MotionTransition } from '@vigil/shared/motion';
import { alertEventFromMotion, createAlertService, type SecretStore } from './alerts/index.ts';
import { createAlertsAdmin } from './alerts-admin.ts';
import { createControlApi } from './api/server.ts';
import { createEngineMetrics } from './api/metrics.ts';
import { createCameraAdmin } from './cameras.ts';
import { createOnvifAdmin, type OnvifOptions } from './onvif/index.ts';
import { createCameraManager, listVideoDevices, type CameraManagerOptions } from './camera/index.ts';
import { DataFileError } from './config/data-file.ts';
import { openConfigStore } from './config/store.ts';
import { currentFfmpeg, describeFfmpeg } from './ffmpeg/locate.ts';
import { loadOrCreateToken } from './config/token.ts';
import { advertisedHost, isLoopback } from './net.ts';
import { createPairingService } from './pairing/service.ts';
import { createPlaybackService, type PlaybackOptions } from './playback/service.ts';
import { createSignalingBridge, type Authorize, type BridgeOptions } from './signaling/bridge.ts';
import { createMotionBus } from './events/motion-bus.ts';
import { createColourSnapshots, type DecodeOptions } from './events/colour-snapshot.ts';
import { createMotionService } from './events/motion-service.ts';
import { createDetectionService, type DetectionServiceOptions } from './detection/service.ts';
import { createPreviews } from './previews.ts';
import { privateFolder, privateUmask } from './private-files.ts';
import { createRecordingsAdmin } from './recordings-admin.ts';
import { createRecordingService, motionEventSource } from './recording/index.ts';
import type { ExportStoreOptions } from './recording/export-store.ts';
import { captureConsole, createLogRing, parseLogQuery } from './system/log-ring.ts';
import { createSystemMonitor } from './system/monitor.ts';
import { createViewerAdmin } from './viewers-admin.ts';
import { createStaticSite, DEFAULT_STREAMER_DIST, DEFAULT_VIEWER_DIST, STREAMER_UI_CSP } from './web/static-site.ts';

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
  /** Object detection runtime: backends, queue bound, how long alerts wait (see detection/service.ts). */
  detection?: Omit<DetectionServiceOptions, 'cameraOf' | 'publish' | 'onDrop'>;
  /** Colour event snapshots from the live feed's GOP: widest size, decode timeout (see events/colour-snapshot.ts). */
  snapshots?: Omit<DecodeOptions, 'ffmpeg'>;
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
    const ffmpeg = currentFfmpeg(); // which ffmpeg runs the cameras, a warning for the 2018 fallback
    (ffmpeg.origin === 'bundled' ? console.warn : console.info)(`engine: ${describeFfmpeg(ffmpeg)}`);
    const identityFile = join(dataDir, 'streamer-key.pem');
    const identity = await loadOrCreateIdentity(identityFile).catch((error: Error) => {
      throw new DataFileError(identityFile, `holds no usable key (${error.message})`, 'Restore it from a backup; only if none exists, delete it (the streamer gets a new id and every viewer must pair again).');
    });

    // 2. Alerts first, so an event raised while cameras start is never lost (persistent outbox).
    const listeners = new Set<(event: EngineEvent) => void>();
    const emit = (event: EngineEvent) => listeners.forEach((l) => l(event));
    const alerts = createAlertService({
      dir: join(dataDir, 'alerts'),
      secrets: options.secretStore,
      log: (level, message, fields) => level !== 'info' && console.warn(`alerts: ${message}`, fields ?? ''),
      onDelivery: (state) => emit({ type: 'alert-delivery', state }),
    });
    await alerts.start();
    stops.push(() => alerts.stop());

    // 3. Motion and recording hang off each camera's one ffmpeg; the recorder starts before the
    //    cameras so it can close what a crash left open.
    const transitions = new Set<(t: MotionTransition) => void>();
    const recordingRoot = resolve(dataDir, config.recording.root);
    const recording = createRecordingService({
      exports: options.exports,
      storage: { ...config.recording, root: recordingRoot },
      events: motionEventSource((cb) => (transitions.add(cb), () => transitions.delete(cb))),
    });
    await privateFolder(recordingRoot);
    await recording.start();
    stops.push(() => recording.stop());
    stops.push(
      recording.onAlert((alert) => {
        console.warn(`recording: ${alert.message}`);
        emit({ type: 'recording-alert', alert });
      }),
    );
    recording.configure(config.cameras);
    let sessionsOf: (camera: string) => { sendEvent(event: unknown): void }[] = () => [];
    // Object detection labels motion events (cameras with a `detection` block); its thread starts
    // on the first such event. Results reach the API, live viewers and the recorder's event list.
    const detection = createDetectionService({
      ...options.detection,
      cameraOf: (id) => {
        const camera = store.current().cameras.find((c) => c.id === id);
        return camera && { detection: camera.detection, zones: camera.motion?.zones };
      },
      publish: (result, event) => {
        emit({ type: 'detection', result });
        for (const session of sessionsOf(result.camera)) session.sendEvent({ type: 'motion-labels', ...result });
        transitions.forEach((cb) => cb({ type: 'update', event }));
      },
      onDrop: (drop) => emit({ type: 'detection-dropped', ...drop }),
    });
    const bus = createMotionBus({
      sessionsOf: (camera) => sessionsOf(camera),
      onTransition: (t) => {
        transitions.forEach((cb) => cb(t));
        emit({ type: 'motion', transition: t });
      },
      detect: (t, snapshot) => detection.analyse(t, snapshot),
      // Colour snapshots (alerts, detector) from the camera's GOP cache; gray motion frame on failure.
      colour: createColourSnapshots({ ...options.snapshots, ffmpeg: options.camera?.ffmpegPath, gopOf: (id) => manager.cachedGop(id) }),
      // Busier pictures during an event only feed the detector: no decodes for cameras without it.
      peaks: (id) => store.current().cameras.find((c) => c.id === id)?.detection?.enabled === true,
      raise: (t, jpeg, labels) => {
        const camera = store.current().cameras.find((c) => c.id === t.event.camera);
        const zoneNames = Object.fromEntries((camera?.motion?.zones ?? []).map((z) => [z.id, z.name]));
        return alerts.raise({ ...alertEventFromMotion(t.event, { cameraName: camera?.name ?? t.event.camera, zoneNames, snapshot: jpeg }), ...(labels ? { labels } : {}) });
      },
    });
    // Stops run in reverse: the motion workers flush their events, the detector stops (what waits
    // on it goes on unconfirmed), then the bus lets those alerts reach the outbox.
    stops.push(() => bus.drain());
    stops.push(() => detection.stop());
    const motion = createMotionService(bus);
    stops.push(() => motion.stop());

    // 4. Cameras: one supervised ffmpeg each, feeding the live fan-out, motion and recording.
    const manager = createCameraManager({ ...options.camera, recording: recording.hook, motion: motion.hook });
    await manager.start();
    stops.push(() => manager.stop());
    for (const camera of config.cameras) await manager.upsert(camera);
    /** Applies a changed camera list to recording and motion (after the config is saved). */
    const camerasChanged = async () => {
      recording.configure(store.current().cameras);
      await motion.sync(store.current().cameras);
    };

    // 5. Signalling: the bundled server (TLS unless loopback) or a remote one.
    let server: SignalingServer | undefined;
    let signalingUrl: string;
    let selfUrl: string;
    let fingerprint: EngineInfo['fingerprint'];
    /** The pin pairing codes carry: the bundled server's key, or the one configured for a remote relay. */
    let codePin: string | undefined;
    const site = createStaticSite(options.viewerDist ?? DEFAULT_VIEWER_DIST, 'npm run build:viewer');
    if (config.signaling.mode === 'embedded') {
      const host = options.signalingHost ?? config.signaling.host;
      const lan = advertisedHost(host);
      server = createSignalingServer({
        ...options.signaling,
        host,
        port: options.signalingPort ?? config.signaling.port,
        tls: isLoopback(host) ? undefined : { selfSigned: { dir: join(dataDir, 'tls'), hosts: [lan] } },
        httpHandler: (req, res) => void site(req, res).catch(() => res.destroy()),
        // A household's viewers need a few dozen; the engine's other descriptors need the rest.
        connections: { maxConnections: 256 },
      });
      const started = await server.start();
      stops.push(() => server!.stop());
      fingerprint = started.fingerprint;
      codePin = fingerprint?.pin;
      const scheme = fingerprint ? 'wss' : 'ws';
      signalingUrl = `${scheme}://${lan.includes(':') ? `[${lan}]` : lan}:${started.port}`;
      // The engine's own client dials loopback when the server listens there (or everywhere);
      // a server bound to one LAN address is reached at that address.
      const self = host === '0.0.0.0' || host === '::' || isLoopback(host) ? '127.0.0.1' : lan;
      selfUrl = `${scheme}://${self.includes(':') ? `[${self}]` : self}:${started.port}`;
    } else {
      signalingUrl = selfUrl = config.signaling.url;
      try {
        codePin = config.signaling.fingerprint === undefined ? undefined : pairingPin(config.signaling.fingerprint);
      } catch (error) {
        throw new Error(`signaling.fingerprint: ${(error as Error).message}`, { cause: error });
      }
    }
    const client = new SignalingClient({
      url: selfUrl,
      role: 'streamer',
      identity: { streamerId: identity.streamerId, publicKey: identity.publicKey, sign: async (text) => identity.sign(text) },
      createSocket: createNodeSocketFactory({ fingerprint: fingerprint?.spkiSha256 ?? (config.signaling.mode === 'remote' ? config.signaling.fingerprint : undefined) }),
    });
    // Socket errors repeat on every reconnection: each distinct one is logged once (a relay whose
    // key is not the pinned one must be visible in the log, not retried in silence).
    let lastSocketError = '';
    client.on('error', (e) => {
      if (e.kind === 'socket' && e.message === lastSocketError) return;
      if (e.kind === 'socket') lastSocketError = e.message;
      console.warn(`signalling: ${e.message}`);
    });
    client.on('state', (state) => {
      if (state === 'open') lastSocketError = '';
    });
    client.start();
    stops.push(() => client.stop());

    // 6. Pairing and the one authorisation hook every viewer request passes.
    const pairing = await createPairingService({
      dataDir,
      streamerId: identity.streamerId,
      streamerName: () => store.current().name,
      address: () => ({ url: signalingUrl, fingerprint: codePin }),
    });
    const authorize: Authorize = async (request) => {
      if (options.trustLoopbackViewers && server && isLoopback(server.peerInfo(request.from)?.address ?? '')) {
        return { ok: true, viewer: `loopback:${request.from}`, substream: request.substream };
      }
      return pairing.authorize(request);
    };

    // 7. Camera state events for the control API, and the bridge between viewers and cameras
    //    (live view, and playback of recordings over a data-channel-only peer, both authorised alike).
    stops.push(manager.onState((state) => emit({ type: 'camera-state', state })));
    const playback = createPlaybackService({
      ...options.playback,
      backend: recording,
      hasCamera: (id) => store.current().cameras.some((c) => c.id === id) || recording.usage().some((u) => u.camera === id),
    });
    stops.push(() => playback.stop());
    stops.push(manager.onState((s) => (s.state === 'failed' || s.state === 'reconnecting' ? console.warn : console.info)(`camera ${s.id}: ${s.state}${s.message ? ` (${s.message})` : ''}`)));
    const bridge = createSignalingBridge({
      ...options.live,
      client,
      backend: {
        openSession: (r) => manager.openSession(r),
        cameras: () =>
          store.current().cameras.map((c) => ({ id: c.id, name: c.name, state: manager.states().find((s) => s.id === c.id)?.state ?? 'stopped', ...(c.site ? { site: c.site } : {}) })),
      },
      authorize,
      methods: { playback: (payload, caller) => playback.open(caller, payload) },
      peers: playback,
      pair: async (payload) => {
        const response = await pairing.handlePairRequest(payload);
        if (response.ok) {
          const viewer = pairing.viewers.list().find((v) => v.id === response.viewerId);
          if (viewer) emit({ type: 'viewer-paired', viewer });
        }
        return response;
      },
      onSession: emit,
    });
    bridge.start();
    stops.push(() => bridge.stop());
    const previews = createPreviews(manager);
    stops.push(() => previews.closeAll());
    sessionsOf = (camera) => [...bridge.liveSessionsOf(camera), ...previews.liveSessionsOf(camera)];
    stops.push(
      pairing.viewers.onRevoke((id) => {
        bridge.closeViewer(id);
        playback.closeViewer(id);
        emit({ type: 'viewer-revoked', id });
      }),
    );

    // 8. The control API (loopback, admin token) for the streamer UI and scripts.
    const backend = { ...manager, listDevices: async () => (await listVideoDevices()).map((d) => ({ id: d.device, name: d.name })) };
    const cameras = createCameraAdmin(store, {
      upsert: async (c) => (await manager.upsert(c), await camerasChanged()),
      remove: async (id) => (await manager.remove(id), await camerasChanged()),
      states: () => manager.states(),
      stats: (id) => manager.stats(id),
      listDevices: backend.listDevices,
    });
    const viewers = createViewerAdmin(pairing);
    const metrics = createEngineMetrics({ states: () => manager.states(), stats: (id) => manager.stats(id), sessions: () => bridge.sessions().length, detection: () => detection.cameraStats() });
    const recordings = createRecordingsAdmin(recording, recordingRoot, (progress) => emit({ type: 'recording-export', progress }), {
      cameras: () => store.current().cameras,
      storage: config.recording,
    });
    const system = createSystemMonitor({
      diskPath: recordingRoot,
      cameras: () => store.current().cameras.map((c) => ({ id: c.id, name: c.name, state: manager.states().find((s) => s.id === c.id)?.state ?? 'stopped' })),
      stats: (id) => manager.stats(id),
      problems: () => alerts.problems(),
    });
    const api = createControlApi({
      host: config.api.host,
      port: options.apiPort ?? config.api.port,
      token: adminToken,
      ui: createStaticSite(options.streamerDist ?? DEFAULT_STREAMER_DIST, 'npm run build:streamer-ui', STREAMER_UI_CSP),
      uiOrigins: options.uiOrigins,
      target: {
        listCameras: cameras.list,
        addCamera: async (input) => (await recordings.checkQuota(input), cameras.add(input)),
        updateCamera: async (id, input) => (await recordings.checkQuota(input), cameras.update(id, input)),
        removeCamera: async (id) => {
          await cameras.remove(id);
          emit({ type: 'camera-removed', id });
        },
        listDevices: backend.listDevices,
        listSessions: () => [...bridge.sessions(), ...previews.list()],
        closeSession: (id) => bridge.close(id) || previews.close(id),
        openPreview: previews.open,
        alerts: createAlertsAdmin(alerts),
        recordings,
        system: {
          view: system.view,
          logs: (query) => logs.lines(parseLogQuery(query)),
        },
        createPairingOffer: viewers.createOffer,
        listViewers: viewers.list,
        renameViewer: viewers.rename,
        revokeViewer: viewers.revoke,
        onEvent: (l) => (listeners.add(l), () => listeners.delete(l)),
        metrics: metrics.scrape,
        onvif: createOnvifAdmin({ ffmpegPath: options.camera?.ffmpegPath, ...options.onvif }),
      },
    });
    const { url: apiUrl } = await api.start();
    console.info(`engine: control API on ${apiUrl}`);
    if (!isLoopback(config.api.host)) {
      // The API administers everything (cameras, recordings, pairing) behind one token: off
      // loopback every machine that reaches the port can try it, over plain HTTP.
      console.warn(`engine: WARNING: the control API listens on ${config.api.host}, not loopback: any machine that reaches port ${new URL(apiUrl).port} can try the admin token over plain HTTP. Set api.host to 127.0.0.1 unless you put it behind a TLS proxy.`);
    }
    stops.push(() => api.stop());

    const viewerUrl = server ? signalingUrl.replace(/^ws/, 'http') + '/' : undefined;
    const info: EngineInfo = { apiUrl, adminToken, streamerId: identity.streamerId, signalingUrl, viewerUrl, fingerprint };
    return { info, stop, manager, pairing, client, server, alerts, recording, detection, playback };
  } catch (error) {
    await stop();
    throw error;
  }
}
export type Engine = Awaited<ReturnType<typeof startEngine>>;
