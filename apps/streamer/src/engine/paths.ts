/** Where a streamer keeps its data when no --data-dir is given (the CLI and the Electron shell agree). */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `~/.vigil/streamer`: keys, admin token, config, paired viewers, recordings. */
export function defaultDataDir(): string {
  return join(homedir(), '.vigil', 'streamer');
}

/** The admin token file inside a data folder. */
export function adminTokenFile(dataDir = defaultDataDir()): string {
  return join(dataDir, 'admin-token');
}
