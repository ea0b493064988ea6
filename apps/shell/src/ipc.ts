/**
 * Main-process side of the typed IPC contract. A channel is a name plus zod schemas for its
 * argument and its result (declared in each app's common/ipc.ts); `handleChannel` registers a
 * handler that refuses unknown senders and malformed payloads before the app's code runs, and
 * checks the result on the way out so nothing unplanned leaks to the page.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { senderRefusal, type SenderEvent, type WindowRegistry } from './senders.ts';
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
export class IpcRefused extends Error {
  constructor(channel: string, reason: string) {
    super(`${channel}: refused (${reason})`);
    this.name = 'IpcRefused';
  }
}

/** Registers `handler` for `channel` behind the sender and payload checks; returns an uninstall. */
export function handleChannel<A extends z.ZodType, R extends z.ZodType>(
  guard: IpcGuard,
  channel: ChannelSpec<A, R>,
  handler: (args: z.output<A>, event: IpcMainInvokeEvent) => Promise<z.input<R>> | z.input<R>,
): () => void {
  const refuse = (reason: string) => {
    (guard.onRefused ?? ((name, why) => console.warn(`ipc ${name} refused: ${why}`)))(channel.name, reason);
    return new IpcRefused(channel.name, reason);
  };
  guard.ipcMain.handle(channel.name, async (event: IpcMainInvokeEvent, ...payload: unknown[]) => {
    const refusal = senderRefusal(event as unknown as SenderEvent, guard.registry, guard.origin);
    if (refusal) throw refuse(refusal);
    // Exactly one argument: an extra one would be ignored by the schema and silently dropped.
    if (payload.length !== 1) throw refuse('expects exactly one argument');
    const parsed = channel.args.safeParse(payload[0]);
    if (!parsed.success) throw refuse('invalid arguments');
    const result = await handler(parsed.data, event);
    return channel.result.parse(result);
  });
  return () => guard.ipcMain.removeHandler(channel.name);
}
