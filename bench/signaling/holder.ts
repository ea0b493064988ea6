/**
 * Benchmark child holding idle client sockets, so each process stays under the open-file limit
 * (10,000 sockets need 10,000 descriptors on each side). IPC: receives { url, count }, replies
 * { connectMs } once every socket got its welcome; 'stop' closes them and exits.
 */
import { closeAll, openMany } from './load.ts';

process.once('message', async (message: { url: string; count: number }) => {
  const started = Date.now();
  try {
    const sockets = await openMany(message.url, message.count);
    process.send!({ connectMs: Date.now() - started });
    process.once('message', () => void closeAll(sockets).then(() => process.exit(0)));
  } catch (error) {
    process.send!({ error: (error as Error).message });
  }
});
