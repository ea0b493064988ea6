/**
 * Downloads: a window may save files only from its own origin (blob: URLs its page made, e.g.
 * the viewer's exported .tar or a snapshot) or from the local engine it was given (the streamer's
 * signed clip links, `http://127.0.0.1:<port>/api/…`). Everything else is cancelled. A permitted
 * download always asks where to save it, starting in the user's Downloads folder with a file name
 * the page cannot use to escape that folder or to drop an executable there.
 *
 * A link from the app's page to the engine is cross-origin, so Chromium ignores its `download`
 * attribute and navigates; the window's navigation guard turns such a navigation into
 * `webContents.downloadURL()` (see window.ts), which lands here like any other download.
 */
import { join } from 'node:path';
import type { DownloadItem, Session, WebContents } from 'electron';
import { isAppUrl, originString, type AppOrigin } from './origin.ts';
import type { WindowRegistry } from './senders.ts';

/** Where downloads may come from. */
export interface DownloadPolicy {
  origin: AppOrigin;
  /** Exact http(s) origins of the local engine, e.g. http://127.0.0.1:7480; default none. */
  engineOrigins?: readonly string[];
}

/** Extensions a saved file may keep: media, archives, text. Anything else gets `.download` appended. */
export const SAFE_EXTENSIONS: readonly string[] = ['mp4', 'webm', 'mkv', 'm4s', 'tar', 'zip', 'png', 'jpg', 'jpeg', 'json', 'csv', 'txt', 'log'];

/** Longest file name suggested (bytes matter less than staying well under every filesystem's 255). */
export const MAX_FILE_NAME = 120;

// Names Windows reserves whatever the extension.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** True when `url` is an http(s) URL on one of the engine origins, without credentials. */
export function isEngineUrl(url: string, engineOrigins: readonly string[] = []): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return engineOrigins.some((origin) => {
    try {
      return new URL(origin).origin === parsed.origin;
    } catch {
      return false;
    }
  });
}

/** True when a download of `url` may happen: a blob: of the app's own origin, or an engine URL. */
export function downloadUrlAllowed(url: string, policy: DownloadPolicy): boolean {
  // WHATWG gives blob:app://… an opaque origin, so the inner URL is checked instead.
  if (url.startsWith('blob:')) return isAppUrl(url.slice('blob:'.length), policy.origin);
  return isEngineUrl(url, policy.engineOrigins);
}

/** A file name safe to suggest: no folders, no control or reserved characters, a harmless extension. */
export function safeFileName(suggested: string, fallback = 'download'): string {
  const base = suggested.split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .replace(/\s+/g, ' ');
  if (name === '') name = fallback;
  if (RESERVED.test(name)) name = `_${name}`;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!SAFE_EXTENSIONS.includes(extension)) name = `${name}.download`;
  if (name.length <= MAX_FILE_NAME) return name;
  // Too long: cut the stem, keep the extension.
  const tail = name.slice(name.lastIndexOf('.'));
  return `${name.slice(0, MAX_FILE_NAME - tail.length)}${tail}`;
}

/** What will-download knows about a download. */
export interface DownloadRequest {
  /** The URL and any redirects (DownloadItem.getURLChain()). */
  urls: readonly string[];
  /** Who started it: our page's origin, or '' when main did (webContents.downloadURL). */
  initiator: string;
  /** True when the webContents is a window createWindow() made. */
  fromOurWindow: boolean;
  /** The name the server or the page suggested. */
  filename: string;
}

/** The decision on one download. */
export type DownloadDecision = { allow: true; fileName: string } | { allow: false; reason: string };

/** Decides a download: our window, started by our page or by main, every URL of the chain allowed. */
export function decideDownload(request: DownloadRequest, policy: DownloadPolicy): DownloadDecision {
  if (!request.fromOurWindow) return { allow: false, reason: 'not from an app window' };
  if (request.initiator !== '' && request.initiator !== originString(policy.origin)) return { allow: false, reason: `started by ${request.initiator}` };
  if (request.urls.length === 0) return { allow: false, reason: 'no URL' };
  const denied = request.urls.find((url) => !downloadUrlAllowed(url, policy));
  if (denied !== undefined) return { allow: false, reason: `not the app's or the engine's: ${denied.slice(0, 200)}` };
  return { allow: true, fileName: safeFileName(request.filename) };
}

/** What installDownloads needs. */
export interface DownloadDeps {
  policy: DownloadPolicy;
  registry: WindowRegistry;
  /** The user's Downloads folder (app.getPath('downloads')). */
  downloadsDir: string;
  /** Told about every cancelled download (logging). */
  onBlocked?: (reason: string) => void;
}

/** The subset of DownloadItem used here (a test passes a recording stand-in). */
export type DownloadItemLike = Pick<DownloadItem, 'getURL' | 'getURLChain' | 'getInitiatorOrigin' | 'getFilename' | 'setSaveDialogOptions'>;

/** Applies the download policy to `session`: permitted downloads ask where to save, the rest are cancelled. */
export function installDownloads(session: Pick<Session, 'on'>, deps: DownloadDeps): void {
  session.on('will-download', (event, item: DownloadItemLike, contents: WebContents) => {
    const chain = item.getURLChain();
    const decision = decideDownload(
      {
        urls: chain.length > 0 ? chain : [item.getURL()],
        initiator: item.getInitiatorOrigin(),
        fromOurWindow: deps.registry.has(contents),
        filename: item.getFilename(),
      },
      deps.policy,
    );
    if (!decision.allow) {
      event.preventDefault();
      deps.onBlocked?.(decision.reason);
      return;
    }
    // No save path set: Electron shows the save dialog, starting here.
    item.setSaveDialogOptions({ title: 'Save download', defaultPath: join(deps.downloadsDir, decision.fileName) });
  });
}
