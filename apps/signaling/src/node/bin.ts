/**
 * Entry point of the standalone `vigil-signal` server (`npm start`, bin/vigil-signal.js).
 * The one module here that acts on import: it is run, never imported.
 */
import { startFromArgs, USAGE } from './cli.ts';

try {
  const server = await startFromArgs(process.argv.slice(2), (line) => console.log(line));
  if (server) {
    const shutdown = (signal: string) => {
      console.log(`${signal}: closing connections`);
      void server.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  }
} catch (error) {
  console.error(`vigil-signal: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
