/**
 * The viewer's secrets (the paired-streamer list with its credentials), kept encrypted with
 * Electron's safeStorage — the OS keychain's key — inside the electron-store file. When no real
 * keychain is available the store refuses to save rather than fall back to plain text.
 */
import type { SafeStorage } from 'electron';

/** The part of safeStorage used here. */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

/** Where the encrypted values live: one record of base64 ciphertexts (electron-store in the app). */
export interface CipherRecord {
  load(): Record<string, string>;
  save(record: Record<string, string>): void;
}

/** Options, each with its default. */
export interface SecretStoreOptions {
  /**
   * Accept Linux's 'basic_text' backend (a fixed, public key: obfuscation, not encryption);
   * default false, so a desktop without GNOME Keyring/KWallet stores nothing.
   */
  allowWeakLinuxBackend?: boolean;
}

/** Thrown when a secret cannot be stored or read safely; its message is for the user. */
export class SecretsUnavailable extends Error {
  override name = 'SecretsUnavailable';
}

/** Encrypted key-value secrets. */
export class SecretStore {
  constructor(
    private readonly record: CipherRecord,
    private readonly safe: SafeStorageLike,
    private readonly options: SecretStoreOptions = {},
  ) {}

  /** Whether secrets can be stored, and if not, why. */
  status(): { available: boolean; reason?: string } {
    if (!this.safe.isEncryptionAvailable()) {
      return { available: false, reason: 'The system keychain is unavailable, so Vigil cannot encrypt pairing credentials and will not store them.' };
    }
    const backend = this.safe.getSelectedStorageBackend?.();
    if (backend === 'basic_text' && !this.options.allowWeakLinuxBackend) {
      return { available: false, reason: 'No keyring (GNOME Keyring or KWallet) was found; Vigil will not store pairing credentials without one.' };
    }
    return { available: true };
  }

  /** The decrypted secret, or null when none is stored. */
  get(key: string): string | null {
    const cipher = this.record.load()[key];
    if (cipher === undefined) return null;
    this.#require();
    return this.safe.decryptString(Buffer.from(cipher, 'base64'));
  }

  /** Encrypts and stores `value`; throws SecretsUnavailable when encryption is not available. */
  set(key: string, value: string): void {
    this.#require();
    const record = { ...this.record.load(), [key]: this.safe.encryptString(value).toString('base64') };
    this.record.save(record);
  }

  /** Forgets `key`; true when it existed. */
  delete(key: string): boolean {
    const record = { ...this.record.load() };
    if (!Object.hasOwn(record, key)) return false;
    delete record[key];
    this.record.save(record);
    return true;
  }

  #require(): void {
    const status = this.status();
    if (!status.available) throw new SecretsUnavailable(status.reason);
  }
}
