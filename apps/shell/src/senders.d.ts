/**
 * Who may call the main process. Every IPC handler asks `senderAccepted` first: the call must come
 * from the top frame of a window this shell created, showing a page of the app's own origin. A
 * page that navigated elsewhere, an iframe, or a webContents someone else created gets nothing.
 */
import type { IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { type AppOrigin } from './origin.ts';
/** The part of a WebFrameMain the check reads. */
export type FrameLike = Pick<WebFrameMain, 'url' | 'parent' | 'processId' | 'routingId'>;
/** The part of a WebContents the check reads. */
export type ContentsLike = Pick<WebContents, 'id'> & {
    mainFrame: FrameLike;
};
/** The part of an IPC event the check reads. */
export interface SenderEvent {
    sender: ContentsLike;
    senderFrame: FrameLike | null;
}
/** The webContents of the windows createWindow() made. */
export declare class WindowRegistry {
    #private;
    /** Records a window's webContents as ours. */
    add(contents: object): void;
    /** Forgets a webContents (on 'destroyed'). */
    delete(contents: object): void;
    /** True when `contents` belongs to a window we created. */
    has(contents: object): boolean;
}
/** Why a sender was refused, or undefined when it is accepted. */
export declare function senderRefusal(event: SenderEvent, registry: WindowRegistry, origin: AppOrigin): string | undefined;
/** True when the sender passes every check of senderRefusal. */
export declare function senderAccepted(event: SenderEvent | IpcMainInvokeEvent, registry: WindowRegistry, origin: AppOrigin): boolean;
