/**
 * Camera administration: the control API's camera routes over the config store and the live
 * cameras. The config file is written first, so a camera the API accepted survives a restart,
 * and a failed write (full disk) leaves both the file and the running cameras unchanged.
 */
import { CameraConfig, redactUrl, type CameraState } from '@vigil/shared/config';
import type { CameraStats, CameraView, UsbDevice } from '@vigil/shared/api';
import { describeIssues, issueLines } from '@vigil/shared/issues';
import { ApiFailure } from './api/errors.ts';
import type { ConfigStore } from './config/store.ts';
import { json, type RouteHandlers } from './api/route.ts';
import type { CameraCatalog } from './camera/catalog.ts';
import type { CameraManager } from './camera/index.ts';
import type { EventHub } from './events/hub.ts';
import { listAudioDevices, listSpeakers, listVideoDevices } from './ffmpeg/devices.ts';

/** The part of the camera manager that administration needs. */
export interface CameraBackend {
  upsert(config: CameraConfig): Promise<void> | void;
  remove(id: string): Promise<void> | void;
  states(): CameraState[];
  stats(id: string): CameraStats | undefined;
  listDevices(): Promise<UsbDevice[]>;
}

/** Creates the camera administration service. */
export function createCameraAdmin(store: ConfigStore, backend: CameraBackend) {
  const viewOf = (config: CameraConfig): CameraView => ({
    config: redactConfig(config),
    state: backend.states().find((s) => s.id === config.id) ?? { id: config.id, state: 'stopped', since: Date.now(), restarts: 0 },
    stats: backend.stats(config.id) ?? { fps: 0, bitrateKbps: 0, viewers: 0, restarts: 0 },
  });
  const find = (id: string) => store.current().cameras.find((c) => c.id === id);

  async function save(cameras: CameraConfig[]): Promise<void> {
    try {
      await store.save({ ...store.current(), cameras });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      throw new ApiFailure('internal', `could not save the configuration: ${why}; nothing was changed`);
    }
  }

  return {
    /** Every configured camera with its state and figures. */
    list: (): CameraView[] => store.current().cameras.map(viewOf),

    /** Validates and adds a camera; refuses an id that exists. */
    async add(input: unknown): Promise<CameraView> {
      const config = parseCamera(input);
      if (find(config.id)) throw new ApiFailure('conflict', `a camera with id "${config.id}" already exists`);
      await save([...store.current().cameras, config]);
      await backend.upsert(config);
      return viewOf(config);
    },

    /** Replaces a camera's config; a redacted URL (***@) keeps the stored credentials. */
    async update(id: string, input: unknown): Promise<CameraView> {
      const old = find(id);
      if (!old) throw new ApiFailure('not-found', `no camera "${id}"`);
      const config = keepSecrets(parseCamera(input), old);
      if (config.id !== id) throw new ApiFailure('bad-request', 'the camera id cannot change; remove and add it instead');
      await save(store.current().cameras.map((c) => (c.id === id ? config : c)));
      await backend.upsert(config);
      return viewOf(config);
    },

    /** Stops and forgets a camera. */
    async remove(id: string): Promise<void> {
      if (!find(id)) throw new ApiFailure('not-found', `no camera "${id}"`);
      await save(store.current().cameras.filter((c) => c.id !== id));
      await backend.remove(id);
    },
  };
}

function parseCamera(input: unknown): CameraConfig {
  const result = CameraConfig.safeParse(input);
  if (!result.success) {
    throw new ApiFailure('bad-request', `invalid camera: ${describeIssues(result.error)}`, issueLines(result.error));
  }
  return result.data;
}

/** The USB cameras, microphones and speakers this machine has, as the camera form lists them. */
export async function listUsbDevices(): Promise<UsbDevice[]> {
  const [video, audio, speakers] = await Promise.all([listVideoDevices(), listAudioDevices(), listSpeakers()]);
  return [
    ...video.map((d) => ({ id: d.device, name: d.name })),
    ...audio.map((d) => ({ id: d.device, name: d.name, kind: 'audio' as const })),
    ...speakers.map((d) => ({ id: d.device, name: d.name, kind: 'speaker' as const })),
  ];
}

/**
 * The backend over the running cameras: a saved change reaches the manager, then recording and
 * motion see the new camera list (retention, motion workers).
 */
export function liveCameraBackend(
  manager: Pick<CameraManager, 'upsert' | 'remove'>,
  catalog: CameraCatalog,
  followers: { recording: { configure(cameras: readonly CameraConfig[]): void }; motion: { sync(): Promise<void> } },
): CameraBackend {
  const changed = async () => {
    followers.recording.configure(catalog.configs());
    await followers.motion.sync();
  };
  return {
    upsert: async (c) => (await manager.upsert(c), await changed()),
    remove: async (id) => (await manager.remove(id), await changed()),
    states: catalog.states,
    stats: catalog.stats,
    listDevices: listUsbDevices,
  };
}

/** The camera routes: a camera's recording quota is checked before it is saved; a removed camera is announced. */
export function cameraRoutes(
  admin: ReturnType<typeof createCameraAdmin>,
  deps: { checkQuota(input: unknown): Promise<void>; listDevices(): Promise<UsbDevice[]>; hub: Pick<EventHub, 'publish'> },
): RouteHandlers<'listCameras' | 'addCamera' | 'updateCamera' | 'removeCamera' | 'listDevices'> {
  return {
    listCameras: () => json(admin.list()),
    addCamera: async ({ body }) => {
      const input = await body();
      await deps.checkQuota(input);
      return json(await admin.add(input));
    },
    updateCamera: async ({ params, body }) => {
      const input = await body();
      await deps.checkQuota(input);
      return json(await admin.update(params.id, input));
    },
    removeCamera: async ({ params }) => {
      await admin.remove(params.id);
      deps.hub.publish({ type: 'camera-removed', id: params.id });
    },
    listDevices: async () => json(await deps.listDevices()),
  };
}

/** The config with RTSP credentials replaced by ***, as every API response shows it. */
export function redactConfig(config: CameraConfig): CameraConfig {
  if (config.source.kind !== 'rtsp') return config;
  const source = { ...config.source, url: redactUrl(config.source.url) };
  if (config.source.substreamUrl) source.substreamUrl = redactUrl(config.source.substreamUrl);
  return { ...config, source };
}

function keepSecrets(next: CameraConfig, old: CameraConfig): CameraConfig {
  // The UI only ever sees redacted URLs; sending one back unchanged must not erase the password.
  if (next.source.kind !== 'rtsp' || old.source.kind !== 'rtsp') return next;
  const restore = (url: string | undefined, previous: string | undefined) =>
    url && previous && url.includes('***@') && redactUrl(previous) === url ? previous : url;
  return {
    ...next,
    source: { ...next.source, url: restore(next.source.url, old.source.url)!, substreamUrl: restore(next.source.substreamUrl, old.source.substreamUrl) },
  };
}
