/**
 * Who may call the main process. Every IPC handler asks `senderAccepted` first: the call must come
 * from the top frame of a window this shell created, showing a page of the app's own origin. A
 * page that navigated elsewhere, an iframe, or a webContents someone else created gets nothing.
 */
import type { IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { isAppUrl, type AppOrigin } from './origin.ts';

/** The part of a WebFrameMain the check reads. */
export type FrameLike = Pick<WebFrameMain, 'url' | 'parent' | 'processId' | 'routingId'>;
/** The part of a WebContents the check reads. */
export type ContentsLike = Pick<WebContents, 'id'> & { mainFrame: FrameLike };
/** The part of an IPC event the check reads. */
export interface SenderEvent {
  sender: ContentsLike;
  senderFrame: FrameLike | null;
}

/** The webContents of the windows createWindow() made. */
export class WindowRegistry {
  readonly #contents = new WeakSet<object>();

  /** Records a window's webContents as ours. */
  add(contents: object): void {
    this.#contents.add(contents);
  }

  /** Forgets a webContents (on 'destroyed'). */
  delete(contents: object): void {
    this.#contents.delete(contents);
  }

  /** True when `contents` belongs to a window we created. */
  has(contents: object): boolean {
    return this.#contents.has(contents);
  }
}

/** Why a sender was refused, or undefined when it is accepted. */
export function senderRefusal(event: SenderEvent, registry: WindowRegistry, origin: AppOrigin): string | undefined {
  if (!registry.has(event.sender)) return 'not a window of this app';
  const frame = event.senderFrame;
  // senderFrame is null when the frame navigated or was destroyed since it sent the message.
  if (!frame) return 'frame gone';
  const top = event.sender.mainFrame;
  if (frame.parent !== null || frame.processId !== top.processId || frame.routingId !== top.routingId) return 'not the top frame';
  if (!isAppUrl(frame.url, origin)) return 'foreign origin';
  return undefined;
}

/** True when the sender passes every check of senderRefusal. */
export function senderAccepted(event: SenderEvent | IpcMainInvokeEvent, registry: WindowRegistry, origin: AppOrigin): boolean {
  return senderRefusal(event as SenderEvent, registry, origin) === undefined;
}
