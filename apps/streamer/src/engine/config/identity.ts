/** The streamer's identity key (`<dataDir>/streamer-key.pem`): its id is the key's hash. */
import { join } from 'node:path';
import { loadOrCreateIdentity, type Identity } from '@vigil/signaling/node';
import { DataFileError } from './data-file.ts';

/** Loads the key, or creates it on first run; a damaged key stops the engine with what to do. */
export async function loadStreamerIdentity(dataDir: string): Promise<Identity> {
  const file = join(dataDir, 'streamer-key.pem');
  return loadOrCreateIdentity(file).catch((error: Error) => {
    throw new DataFileError(file, `holds no usable key (${error.message})`, 'Restore it from a backup; only if none exists, delete it (the streamer gets a new id and every viewer must pair again).');
  });
}
