import { describe, expect, it } from 'vitest';
import type { PairedStreamer } from './streamers.ts';
import { generatePassphrase, MIN_ITERATIONS, mergePairings, openPairings, sealPairings } from './transfer.ts';

const credential = { viewerId: 'V'.repeat(22), credential: 'C'.repeat(43), staticKey: 'K'.repeat(87) };
const streamer = (id: string, extra: Partial<PairedStreamer> = {}): PairedStreamer => ({
  id: id.repeat(22),
  name: `Home ${id}`,
  url: 'wss://192.168.1.20:8443',
  fingerprint: 'F'.repeat(22),
  routes: [{ url: 'wss://192.168.1.20:8443', fingerprint: 'F'.repeat(22), via: 'direct' }],
  credential,
  cameras: [{ id: 'porch', name: 'Porch', state: 'live' }],
  addedAt: 1,
  ...extra,
});
const PASS = 'correct horse battery';

describe('pairings bundle', () => {
  it('round-trips pairings with their credentials and pins, line breaks and all', async () => {
    const list = [streamer('A'), streamer('B', { credential: undefined, token: 'T'.repeat(22) })];
    const text = await sealPairings(list, PASS, 1234);
    expect(text).toMatch(new RegExp(`^vigil-pairings:1:${MIN_ITERATIONS}:[\\w-]{22}:[\\w-]{16}:[\\w-]+$`));
    expect(text).not.toContain('CCCC'); // the credential is not readable in the bundle
    const wrapped = text.replace(/(.{60})/g, '$1\n');
    expect(await openPairings(wrapped, PASS)).toEqual({ ok: true, streamers: list, exportedAt: 1234 });
  });

  it('refuses a wrong passphrase and any altered field, with words', async () => {
    const text = await sealPairings([streamer('A')], PASS);
    expect(await openPairings(text, 'correct horse battery!')).toEqual({ ok: false, error: expect.stringMatching(/^Wrong passphrase/) });
    // A higher iteration count (still accepted) derives another key; the header is also bound as AAD.
    const rounds = text.replace(`:${MIN_ITERATIONS}:`, `:${MIN_ITERATIONS + 1}:`);
    expect(await openPairings(rounds, PASS)).toMatchObject({ ok: false, error: expect.stringMatching(/^Wrong passphrase/) });
    const last = text.at(-2) === 'A' ? 'B' : 'A';
    expect(await openPairings(`${text.slice(0, -2)}${last}${text.at(-1)}`, PASS)).toMatchObject({ ok: false });
  });

  it('refuses what is not a bundle, a weak key derivation and a short passphrase before any work', async () => {
    expect(await openPairings('vigil://pair?v=1', PASS)).toMatchObject({ ok: false, error: expect.stringMatching(/not a Vigil pairings bundle/) });
    const weak = `vigil-pairings:1:1000:${'A'.repeat(22)}:${'B'.repeat(16)}:${'C'.repeat(40)}`;
    expect(await openPairings(weak, PASS)).toMatchObject({ ok: false, error: expect.stringMatching(/1000 key rounds/) });
    await expect(sealPairings([streamer('A')], 'short')).rejects.toThrow(/at least 12 characters/);
  });
});

describe('mergePairings', () => {
  it('adds new streamers, fills in a missing credential, and keeps what this viewer has', () => {
    const here = [streamer('A', { name: 'Mine' }), streamer('B', { credential: undefined, token: 'T'.repeat(22) })];
    const incoming = [streamer('A', { name: 'Theirs' }), streamer('B', { url: 'wss://10.0.0.9:8443' }), streamer('C')];
    const { list, added, updated, unchanged } = mergePairings(here, incoming);
    expect({ added, updated, unchanged }).toEqual({ added: 1, updated: 1, unchanged: 1 });
    expect(list.map((s) => s.name)).toEqual(['Mine', 'Home B', 'Home C']);
    expect(list[1]).toMatchObject({ credential, url: 'wss://10.0.0.9:8443', token: undefined });
  });
});

describe('generatePassphrase', () => {
  it('makes four groups of five unambiguous characters, different each time', () => {
    const a = generatePassphrase();
    expect(a).toMatch(/^[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){3}$/);
    expect(generatePassphrase()).not.toBe(a);
  });
});
