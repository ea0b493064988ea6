import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entryId, Outbox, type OutboxEntry } from './outbox.ts';

let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

const entry = (event: string, at: number, channel = 'mail'): OutboxEntry => ({
  id: entryId(event, channel), eventId: event, channel, camera: 'c', cameraName: 'C', zones: [], at, queuedAt: at, status: 'pending', attempts: 0,
});
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);

describe('outbox', () => {
  it('is idempotent per (event, channel) and survives reopening', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-outbox-'));
    const outbox = new Outbox({ dir });
    await outbox.open();
    await outbox.add(entry('e1', 1), jpeg, new Set());
    await outbox.add({ ...entry('e1', 2), cameraName: 'changed' }, jpeg, new Set());
    await outbox.add(entry('e1', 3, 'tg'), jpeg, new Set());
    expect(entryId('e1', 'mail')).toBe(entryId('e1', 'mail'));
    const again = new Outbox({ dir });
    await again.open();
    expect(again.all().map((e) => [e.channel, e.cameraName])).toEqual([['tg', 'C'], ['mail', 'C']]);
    // One snapshot per event, kept until both channels have delivered.
    expect((await readdir(dir)).filter((n) => n.endsWith('.jpg'))).toHaveLength(1);
    await again.update(again.get(entryId('e1', 'mail'))!, { status: 'sent', sentAt: 5 });
    expect((await readdir(dir)).filter((n) => n.endsWith('.jpg'))).toHaveLength(1);
    await again.update(again.get(entryId('e1', 'tg'))!, { status: 'sent', sentAt: 6 });
    expect((await readdir(dir)).filter((n) => n.endsWith('.jpg'))).toHaveLength(0);
  });

  it('drops the oldest undelivered entry past the bound, with a reason, never one being sent', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-outbox-'));
    const outbox = new Outbox({ dir, maxUndelivered: 3, maxDone: 2 });
    await outbox.open();
    for (let i = 1; i <= 3; i++) await outbox.add(entry(`e${i}`, i), jpeg, new Set());
    const { dropped } = await outbox.add(entry('e4', 4), jpeg, new Set([entryId('e1', 'mail')]));
    expect(dropped.map((e) => e.eventId)).toEqual(['e2']);
    expect(outbox.get(entryId('e2', 'mail'))).toMatchObject({ status: 'dropped', dropReason: expect.stringContaining('outbox full') });
    expect((await readdir(dir)).filter((n) => n.endsWith('.jpg'))).toHaveLength(3);
    // Done entries are kept up to maxDone, oldest forgotten first.
    for (const id of ['e1', 'e3']) await outbox.update(outbox.get(entryId(id, 'mail'))!, { status: 'sent' });
    await outbox.add(entry('e5', 5), jpeg, new Set());
    expect(outbox.all().map((e) => `${e.eventId}:${e.status}`)).toEqual(['e5:pending', 'e4:pending', 'e3:sent', 'e2:dropped']);
  });

  it('two concurrent adds of one (event, channel) write it once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-outbox-'));
    const outbox = new Outbox({ dir });
    await outbox.open();
    const results = await Promise.all([outbox.add(entry('e1', 1), jpeg, new Set()), outbox.add(entry('e1', 1), jpeg, new Set())]);
    expect(results.map((r) => r.added)).toEqual([true, false]);
  });

  it('reports entries found mid-send when opened', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-outbox-'));
    const outbox = new Outbox({ dir });
    await outbox.open();
    await outbox.add(entry('e1', 1), undefined, new Set());
    await outbox.update(outbox.get(entryId('e1', 'mail'))!, { sendingSince: 10, attempts: 1 });
    const reopened = new Outbox({ dir });
    expect((await reopened.open()).map((e) => e.eventId)).toEqual(['e1']);
  });
});
