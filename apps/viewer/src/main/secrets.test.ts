import { describe, expect, it } from 'vitest';
import { SecretStore, SecretsUnavailable, type CipherRecord, type SafeStorageLike } from './secrets.ts';

/** A reversible stand-in for safeStorage (XOR), so the test can see ciphertext differ from plaintext. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text: string) => xor(Buffer.from(`enc:${text}`)),
    decryptString: (buffer: Buffer) => xor(buffer).toString().replace(/^enc:/, ''),
    getSelectedStorageBackend: () => backend as never,
  };
}

function memoryRecord(): CipherRecord & { data: Record<string, string> } {
  const box = { data: {} as Record<string, string> };
  return Object.assign(box, { load: () => ({ ...box.data }), save: (r: Record<string, string>) => void (box.data = { ...r }) });
}

describe('SecretStore', () => {
  it('stores secrets encrypted and reads them back', () => {
    const record = memoryRecord();
    const store = new SecretStore(record, fakeSafeStorage());
    store.set('streamers', '[{"token":"s3cret"}]');
    expect(JSON.stringify(record.data)).not.toContain('s3cret');
    expect(store.get('streamers')).toBe('[{"token":"s3cret"}]');
    expect(store.get('other')).toBeNull();
  });

  it('refuses to store when encryption is unavailable, and says why', () => {
    const record = memoryRecord();
    const store = new SecretStore(record, fakeSafeStorage(false));
    expect(store.status()).toEqual({ available: false, reason: expect.stringMatching(/keychain is unavailable/) });
    expect(() => store.set('streamers', 'x')).toThrow(SecretsUnavailable);
    expect(record.data).toEqual({});
  });

  it("refuses Linux's basic_text backend unless allowed", () => {
    expect(new SecretStore(memoryRecord(), fakeSafeStorage(true, 'basic_text')).status().available).toBe(false);
    expect(() => new SecretStore(memoryRecord(), fakeSafeStorage(true, 'basic_text')).set('a', 'b')).toThrow(/keyring/);
    expect(new SecretStore(memoryRecord(), fakeSafeStorage(true, 'basic_text'), { allowWeakLinuxBackend: true }).status().available).toBe(true);
  });

  it('deletes', () => {
    const store = new SecretStore(memoryRecord(), fakeSafeStorage());
    store.set('a', 'b');
    expect(store.delete('a')).toBe(true);
    expect(store.delete('a')).toBe(false);
    expect(store.get('a')).toBeNull();
  });
});
