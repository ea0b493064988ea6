/**
 * Where channel secrets live. The Electron shell supplies a store backed by `safeStorage` (the
 * OS keychain); a headless engine uses the file store below: AES-256-GCM, the key in its own
 * 0600 file. That keeps secrets out of config files, backups of them and support bundles; it does
 * not stop someone who can read the engine user's files, which only an OS keychain can.
 * Put the key file elsewhere (`keyFile`) to keep it off the data volume.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../config/atomic-file.ts';

/** A small key-value store for secrets. */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  /** Stores `value`, or deletes the secret when it is undefined. */
  set(name: string, value: string | undefined): Promise<void>;
}

/** Options of the file secret store. */
export interface FileSecretStoreOptions {
  /** Encrypted secrets. */
  file: string;
  /** The 32-byte key, created on first use. Default: `secrets.key` beside `file`. */
  keyFile?: string;
}

/** An AES-256-GCM file store for engines without an OS keychain. */
export function createFileSecretStore(options: FileSecretStoreOptions): SecretStore {
  const keyFile = options.keyFile ?? join(dirname(options.file), 'secrets.key');
  let cache: Record<string, string> | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  async function key(): Promise<Buffer> {
    const existing = await readFile(keyFile).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (existing?.length === 32) return existing;
    if (existing) throw new Error(`secret key ${keyFile} is damaged (expected 32 bytes)`);
    const fresh = randomBytes(32);
    await mkdir(dirname(keyFile), { recursive: true });
    await writeFileAtomic(keyFile, fresh, 0o600);
    return fresh;
  }

  async function load(): Promise<Record<string, string>> {
    if (cache) return cache;
    const sealed = await readFile(options.file).catch(() => undefined);
    if (!sealed) return (cache = {});
    const k = await key();
    // Layout: 12-byte IV, 16-byte tag, ciphertext.
    const decipher = createDecipheriv('aes-256-gcm', k, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    return (cache = JSON.parse(plain.toString('utf8')) as Record<string, string>);
  }

  async function save(values: Record<string, string>): Promise<void> {
    const k = await key();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    await mkdir(dirname(options.file), { recursive: true });
    await writeFileAtomic(options.file, Buffer.concat([iv, cipher.getAuthTag(), body]), 0o600);
    cache = values;
  }

  return {
    get: async (name) => (await load())[name],
    set: (name, value) => {
      // Serialised so two updates never interleave read-modify-write.
      const next = chain.then(async () => {
        const values = { ...(await load()) };
        if (value === undefined) delete values[name];
        else values[name] = value;
        await save(values);
      });
      chain = next.catch(() => {});
      return next;
    },
  };
}

/** An in-memory store, for tests and for shells that keep secrets elsewhere. */
export function createMemorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const values = new Map(Object.entries(initial));
  return {
    get: async (name) => values.get(name),
    set: async (name, value) => {
      if (value === undefined) values.delete(name);
      else values.set(name, value);
    },
  };
}
