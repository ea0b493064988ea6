import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSecretStore } from './secrets.ts';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('file secret store', () => {
  it('keeps secrets encrypted in 0600 files and reads them back in a new instance', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-secrets-'));
    const file = join(dir, 'secrets.enc');
    await createFileSecretStore({ file }).set('alerts.mail.password', 'plain-text-password');
    expect((await readFile(file)).includes('plain-text-password')).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'secrets.key'))).mode & 0o777).toBe(0o600);
    const again = createFileSecretStore({ file });
    expect(await again.get('alerts.mail.password')).toBe('plain-text-password');
    await again.set('alerts.mail.password', undefined);
    expect(await createFileSecretStore({ file }).get('alerts.mail.password')).toBeUndefined();
  });

  it('refuses a tampered file instead of returning garbage', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-secrets-'));
    const file = join(dir, 'secrets.enc');
    await createFileSecretStore({ file }).set('a', 'b');
    const sealed = await readFile(file);
    sealed[sealed.length - 1]! ^= 1;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, sealed);
    await expect(createFileSecretStore({ file }).get('a')).rejects.toThrow();
  });
});
