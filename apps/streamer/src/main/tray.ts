/** The tray icon: status in the icon, tooltip and menu; quick actions in the menu. */
import type { Menu, NativeImage, nativeImage, Tray } from 'electron';
import type { EngineStatusValue } from '../common/ipc.ts';
import type { EngineSummary } from './engineWatch.ts';
import { trayLevel, trayMenuTemplate, trayTooltip, type TrayActions, type TrayState } from './trayMenu.ts';

/** A 16×16 PNG (a filled circle) used when no icon file is packaged. */
const FALLBACK_ICON =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAN0lEQVR42mNgoAXQO1P4HxumSDNRhhDSjNcQYjVjNYRUzRiGjBpABQMojkaqJCSqJGWqZCZSAQCCRHioSzs30wAAAABJRU5ErkJggg==';
/** A 16×16 PNG: a red circle with an exclamation mark, shown while something needs attention. */
const PROBLEM_ICON =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAdElEQVR42rWTwQ3AIAgAXYQd2p0Yxv1IOgwfywMaYyhtxZrch8gpguXY9pLBC4JQBRJYIY3BkwA1od3AuscV4JhgyxHhKADv5EDAVo4JqnflQNA05xLQhIB6AU8IeKmAgta9KiH9iOk2uoMUgL+M8pLP9JkTNuLtdIYxtxIAAAAASUVORK5CYII=';

/** Electron APIs the tray uses. */
export interface TrayDeps {
  Tray: typeof Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: Pick<typeof nativeImage, 'createFromPath' | 'createFromDataURL'>;
  /** Icon file, if one is packaged. */
  iconPath?: string;
}

/** What changed: the engine process, its cameras and alerts, or the start-at-login choice. */
export type TrayUpdate = Partial<{ status: EngineStatusValue; summary: EngineSummary | undefined; startAtLogin: boolean }>;

/** Creates the tray showing `initial`; call update() with each change. */
export function createTray(deps: TrayDeps, actions: TrayActions, initial: TrayState): { update(change: TrayUpdate): void; destroy(): void } {
  const file = deps.iconPath ? deps.nativeImage.createFromPath(deps.iconPath) : undefined;
  const dataIcon = (base64: string) => deps.nativeImage.createFromDataURL(`data:image/png;base64,${base64}`);
  const normal = file && !file.isEmpty() ? file : dataIcon(FALLBACK_ICON);
  const icons: Record<ReturnType<typeof trayLevel>, NativeImage> = { ok: normal, off: normal, problem: dataIcon(PROBLEM_ICON) };
  let state = initial;
  let level = trayLevel(state);
  const tray = new deps.Tray(icons[level]);
  tray.on('click', () => actions.openWindow());
  const render = () => {
    const next = trayLevel(state);
    if (next !== level) tray.setImage(icons[(level = next)]);
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(state, actions)));
  };
  render();
  return {
    update(change) {
      state = { ...state, ...change };
      // A stopped or crashed engine has no cameras to speak of.
      if (state.status.state !== 'running') state = { ...state, summary: undefined };
      render();
    },
    destroy: () => tray.destroy(),
  };
}
