/**
 * A Node process inside a lab namespace that runs project code on request: a test process cannot
 * open sockets in another namespace, so code under test (STUN client, port mapper) runs here and
 * the test drives it over the IPC channel. Started by `NetLab.agent(ns)` (netlab.ts); not run by hand.
 *
 *   {id, op: 'call', module, fn, args, keep?}  → await module[fn](...args); kept under `keep`, or returned
 *   {id, op: 'invoke', target, method, args}   → await kept[target][method](...args), returned
 *   reply {id, value} or {id, error}
 */
import { pathToFileURL } from 'node:url';

interface Request {
  id: number;
  op: 'call' | 'invoke';
  module?: string;
  fn?: string;
  target?: string;
  method?: string;
  args: unknown[];
  keep?: string;
}

type Callable = Record<string, (...args: unknown[]) => unknown>;
const kept = new Map<string, Callable>();

async function handle(request: Request): Promise<unknown> {
  if (request.op === 'call') {
    const mod = (await import(pathToFileURL(request.module ?? '').href)) as Callable;
    const fn = mod[request.fn ?? ''];
    if (typeof fn !== 'function') throw new Error(`${request.module} exports no function ${request.fn}`);
    const value = await fn(...request.args);
    if (request.keep === undefined) return value;
    kept.set(request.keep, value as Callable);
    return undefined;
  }
  const target = kept.get(request.target ?? '');
  const method = target?.[request.method ?? ''];
  if (!target || typeof method !== 'function') throw new Error(`no kept object ${request.target} with a method ${request.method}`);
  return await method.apply(target, request.args);
}

process.on('message', (message: Request) => {
  handle(message).then(
    (value) => process.send?.({ id: message.id, value: value === undefined ? null : JSON.parse(JSON.stringify(value)) as unknown }),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The test process going away closes the channel: so does this agent.
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, value: 'ready' });
