/** IPC: secrets:status, secrets:get, secrets:set, secrets:delete. */
import { handleChannel, type IpcGuard } from '@vigil/shell/ipc';
import { viewerIpc } from '../common/ipc.ts';
import type { SecretStore } from './secrets.ts';

/** Registers the secrets channels. */
export function install(guard: IpcGuard, store: SecretStore): void {
  handleChannel(guard, viewerIpc.secretsStatus, () => store.status());
  handleChannel(guard, viewerIpc.secretsGet, ({ key }) => ({ value: store.get(key) }));
  handleChannel(guard, viewerIpc.secretsSet, ({ key, value }) => {
    store.set(key, value);
    return { ok: true as const };
  });
  handleChannel(guard, viewerIpc.secretsDelete, ({ key }) => ({ deleted: store.delete(key) }));
}
