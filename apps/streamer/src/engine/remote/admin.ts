/**
 * What the control API's remote-access routes need from the engine (RemoteAccessAdmin), and the
 * settings half of it over the config store (createRemoteSettings): validated patches, TURN
 * secrets kept when left out and never read back.
 */
import type { RemoteSettingsPatch, RemoteSettingsView, RemoteStatus, RemoteTest, TurnSettings } from '@vigil/shared/remote';
import type { RemoteConfig } from '@vigil/shared/engine-config';
import { describeIssues, issueLines } from '@vigil/shared/issues';
import { ZodError } from 'zod';
import { ApiFailure } from '../api/errors.ts';
import type { ConfigStore } from '../config/store.ts';

/** The remote-access operations behind GET/POST/PUT /api/remote…; the engine's remote service implements it. */
export interface RemoteAccessAdmin {
  /** GET /api/remote: everything the Remote access screen shows. */
  status(): RemoteStatus;
  /** POST /api/remote/test: "test from outside"; the result also becomes status().lastTest. */
  test(): Promise<RemoteTest>;
  /** GET /api/remote/settings: the `remote` config without TURN secrets (createRemoteSettings().view). */
  settings(): RemoteSettingsView;
  /** PUT /api/remote/settings: saves a validated patch (createRemoteSettings().apply), applies it, answers the new status. */
  configure(patch: RemoteSettingsPatch): Promise<RemoteStatus>;
}

/** The `remote` section as the screen reads it: each TURN secret only as `hasSecret`. */
export function remoteSettingsView(remote: RemoteConfig): RemoteSettingsView {
  return {
    stun: [...remote.stun],
    turn: remote.turn.map((t) => ({ urls: [...t.urls], ttlSeconds: t.ttlSeconds, hasSecret: t.secret.length > 0 })),
    portMapping: remote.portMapping,
    ...(remote.mediaPorts ? { mediaPorts: { ...remote.mediaPorts } } : {}),
    relays: remote.relays.map((r) => ({ ...r })),
  };
}

/**
 * Reads and saves the `remote` section of the engine's config. A TURN server given without its
 * secret keeps the stored secret of a server sharing one of its URLs; a new server needs one.
 */
export function createRemoteSettings(store: Pick<ConfigStore, 'current' | 'save'>) {
  return {
    view: (): RemoteSettingsView => remoteSettingsView(store.current().remote),
    /** Merges `patch` into the config, validates the whole file and writes it; 400 with the field named when refused. */
    async apply(patch: RemoteSettingsPatch): Promise<RemoteConfig> {
      const config = store.current();
      const { turn, ...rest } = patch;
      const remote = { ...config.remote, ...definedOf(rest), ...(turn ? { turn: withSecrets(turn, config.remote.turn) } : {}) };
      try {
        return (await store.save({ ...config, remote })).remote;
      } catch (error) {
        if (error instanceof ZodError) throw new ApiFailure('bad-request', `invalid remote access settings: ${describeIssues(error)}`, issueLines(error));
        throw error;
      }
    },
  };
}

function withSecrets(servers: readonly TurnSettings[], stored: RemoteConfig['turn']): RemoteConfig['turn'] {
  return servers.map((server, i) => {
    if (server.secret !== undefined) return { ...server, secret: server.secret, ttlSeconds: server.ttlSeconds };
    const same = stored.find((s) => s.urls.some((u) => server.urls.includes(u)));
    if (!same) throw new ApiFailure('bad-request', `invalid remote access settings: turn.${i}.secret: is required for a new TURN server`, [`turn.${i}.secret: is required for a new TURN server`]);
    return { ...server, secret: same.secret, ttlSeconds: server.ttlSeconds };
  });
}

function definedOf<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
