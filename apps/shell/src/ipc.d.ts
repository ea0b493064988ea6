/**
 * Main-process side of the typed IPC contract. A channel is a name plus zod schemas for its
 * argument and its result (declared in each app's common/ipc.ts); `handleChannel` registers a
 * handler that refuses unknown senders and malformed payloads before the app's code runs, and
 * checks the result on the way out so nothing unplanned leaks to the page.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { type WindowRegistry } from './senders.ts';
import type { AppOrigin } from './origin.ts';
/** One channel of a contract (structural: the apps' contracts import nothing from here). */
export interface ChannelSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
    name: string;
    args: A;
    result: R;
}
/** What a handler needs to check callers. */
export interface IpcGuard {
    ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
    registry: WindowRegistry;
    origin: AppOrigin;
    /** Told about each refusal (for the log); default: console.warn. */
    onRefused?: (channel: string, reason: string) => void;
}
/** Error the page receives for a refused call; deliberately says little. */
export declare class IpcRefused extends Error {
    constructor(channel: string, reason: string);
}
/** Registers `handler` for `channel` behind the sender and payload checks; returns an uninstall. */
export declare function handleChannel<A extends z.ZodType, R extends z.ZodType>(guard: IpcGuard, channel: ChannelSpec<A, R>, handler: (args: z.output<A>, event: IpcMainInvokeEvent) => Promise<z.input<R>> | z.input<R>): () => void;
