/**
 * Entry point of the standalone `vigil-signal` server (`npm start`, bin/vigil-signal.js).
 * The one module here that acts on import: it is run, never imported.
 */
import { startFromArgs, USAGE } from './cli.ts';

try {
  const server = await startFromArgs(process.argv.slice(2), (line) => console.log(line));
  if (server) {
    // SIGTERM (systemd, docker, a deploy) drains: clients move to other instances first. SIGINT,
    // or a second signal, closes every connection at once.
    let stopping = false;
    const shutdown = (signal: string) => {
      const drain = signal === 'SIGTERM' && !stopping;
      console.log(drain ? 'SIGTERM: draining (clients reconnect elsewhere)' : `${signal}: closing connections`);
      const done = drain ? server.drain() : server.stop();
      stopping = true;
      void done.then(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  }
} catch (error) {
  console.error(`vigil-signal: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
