import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from './api/errors.ts';
import { createRecordingService } from './recording/index.ts';
import { MEDIA_LINK_TTL_MS, createRecordingsAdmin } from './recordings-admin.ts';
import { diskOf } from './system/monitor.ts';

let root: string;
let admin: ReturnType<typeof createRecordingsAdmin>;
const SEGMENT = '/api/recordings/segments/door/door_20260101T120000Z_abc.mp4';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-rec-admin-'));
  // Never started: the routes tested here only read names, the disk and the link key.
  admin = createRecordingsAdmin(createRecordingService({ storage: { root } }), root, () => undefined);
});
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

const query = (url: string) => new URL(url, 'http://x').searchParams;

describe('signed media links', () => {
  it('open exactly the signed path until they expire', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { url, expiresAt } = admin.link({ path: SEGMENT });
    expect(expiresAt).toBe(1_000_000 + MEDIA_LINK_TTL_MS);
    expect(url.startsWith(`${SEGMENT}?exp=`)).toBe(true);
    expect(admin.signedFor(SEGMENT, query(url))).toBe(true);
    expect(admin.signedFor(SEGMENT.replace('abc', 'abd'), query(url))).toBe(false); // another file
    const later = new URLSearchParams(query(url));
    later.set('exp', String(expiresAt + 60_000));
    expect(admin.signedFor(SEGMENT, later)).toBe(false); // a longer life is not signed
    vi.setSystemTime(expiresAt + 1);
    expect(admin.signedFor(SEGMENT, query(url))).toBe(false); // expired
  });

  it('are only made for media paths, and a second engine does not accept the first one’s', () => {
    expect(() => admin.link({ path: '/api/recordings/storage' })).toThrow(ApiFailure);
    expect(() => admin.link({ path: '/api/cameras' })).toThrow(ApiFailure);
    expect(() => admin.link({ path: '/api/recordings/segments/door/../../admin-token' })).toThrow(ApiFailure);
    const other = createRecordingsAdmin(createRecordingService({ storage: { root } }), root, () => undefined);
    expect(other.signedFor(SEGMENT, query(admin.link({ path: SEGMENT }).url))).toBe(false);
  });
});

describe('segment files and quotas', () => {
  it('serves only names of that camera’s segments', () => {
    expect(admin.segment('door', 'door_20260101T120000Z_abc.mp4')).toBe(join(root, 'door', 'door_20260101T120000Z_abc.mp4'));
    expect(() => admin.segment('door', 'gate_20260101T120000Z_abc.mp4')).toThrow(ApiFailure);
    expect(() => admin.segment('door', '..%2Fmanifest.jsonl')).toThrow(ApiFailure);
    expect(() => admin.segment('../etc', 'door_20260101T120000Z_abc.mp4')).toThrow(ApiFailure);
  });

  it('refuses a quota larger than the recordings disk, naming both sizes', async () => {
    const disk = (await diskOf(root))!;
    await expect(admin.checkQuota({ recording: { quotaBytes: disk.total + 1e9 } })).rejects.toThrow(/quota \([\d.]+ GB\) is larger than the recordings disk \([\d.]+ GB in total\)/);
    await expect(admin.checkQuota({ recording: { quotaBytes: 1e6 } })).resolves.toBeUndefined();
    await expect(admin.checkQuota({ name: 'no recording block' })).resolves.toBeUndefined();
  });
});
