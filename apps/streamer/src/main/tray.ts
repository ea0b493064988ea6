/** The tray icon: status in the tooltip and menu, quick actions. */
import type { Menu, nativeImage, Tray } from 'electron';
import type { EngineStatusValue } from '../common/ipc.ts';
import { statusLabel, trayMenuTemplate, type TrayActions } from './trayMenu.ts';

/** A 16×16 PNG (a filled circle) used when no icon file is packaged. */
const FALLBACK_ICON =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAN0lEQVR42mNgoAXQO1P4HxumSDNRhhDSjNcQYjVjNYRUzRiGjBpABQMojkaqJCSqJGWqZCZSAQCCRHioSzs30wAAAABJRU5ErkJggg==';

/** Electron APIs the tray uses. */
export interface TrayDeps {
  Tray: typeof Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: Pick<typeof nativeImage, 'createFromPath' | 'createFromDataURL'>;
  /** Icon file, if one is packaged. */
  iconPath?: string;
}

/** Creates the tray; call the returned update() with each new status. */
export function createTray(deps: TrayDeps, actions: TrayActions, startAtLogin: () => boolean): { update(status: EngineStatusValue): void; destroy(): void } {
  const file = deps.iconPath ? deps.nativeImage.createFromPath(deps.iconPath) : undefined;
  const icon = file && !file.isEmpty() ? file : deps.nativeImage.createFromDataURL(`data:image/png;base64,${FALLBACK_ICON}`);
  const tray = new deps.Tray(icon);
  tray.on('click', () => actions.openWindow());
  return {
    update(status) {
      tray.setToolTip(`Vigil Streamer — ${statusLabel(status)}`);
      tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(status, startAtLogin(), actions)));
    },
    destroy: () => tray.destroy(),
  };
}
