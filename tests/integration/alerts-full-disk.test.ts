// Audit item 4: a full disk must neither lose an alert nor mute the next one. The real alert
// service with its outbox on a really full tmpfs (mounting needs root), delivering to the local
// Bot API server. Before the fix the cooldown started before the outbox write: the write failed
// with ENOSPC, the alert was gone, and the next event was suppressed as "cooldown".
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemView } from '@vigil/shared/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertService, createMemorySecretStore, type AlertService } from '../../apps/streamer/src/engine/alerts/index.ts';
import { createSystemMonitor } from '../../apps/streamer/src/engine/system/monitor.ts';
import { motionEvent, until } from '../fixtures/alerts/events.ts';
import { startBotApi, type BotFixture } from '../fixtures/alerts/telegram.ts';

const TOKEN = '77777:AAHfullDiskFullDiskFullDisk12345';
const CHAT = '999';
const START = Date.UTC(2026, 10, 23, 11, 0);
const base = mkdtempSync(join(tmpdir(), 'vigil-alerts-full-'));
const mount = join(base, 'tmpfs');
const filler = join(mount, 'filler');
let mounted = false;
let bot: BotFixture;
let service: AlertService;
let clock = START;

/** Fills the filesystem to the last byte. */
function fill(file: string) {
  for (let chunk = 64 * 1024; chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (;;) {
      try {
        writeFileSync(file, Buffer.alloc(chunk), { flag: 'a' });
      } catch {
        break;
      }
    }
  }
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('alerts-full-disk.test.ts needs root: it mounts a small tmpfs and fills it (run the tests as root, as CI does)');
  mkdirSync(mount);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
  mounted = true;
  bot = await startBotApi(TOKEN, CHAT);
  service = createAlertService({ dir: join(mount, 'alerts'), secrets: createMemorySecretStore(), now: () => clock, held: { retryMs: 100 } });
  await service.start();
  await service.update({
    timeZone: 'UTC',
    channels: [{ id: 'tg', type: 'telegram', name: 'Phone', chatId: CHAT, botToken: TOKEN, apiRoot: bot.apiRoot }],
    rules: [{ id: 'front', cameras: ['front'], channels: ['tg'], cooldownSec: 300 }],
  });
});
afterAll(async () => {
  await service?.stop();
  await bot?.close();
  if (mounted) execFileSync('umount', [mount]);
  rmSync(base, { recursive: true, force: true });
});

const photos = () => bot.calls.filter((call) => call.method === 'sendPhoto').length;

describe('alerts on a full disk', () => {
  it('holds the alert the outbox could not write, does not start its cooldown, reports it, and sends both once space is back', async () => {
    fill(filler);
    // (Before the fix this raise rejected with ENOSPC: the alert was gone.)
    const first = await service.raise(motionEvent({ camera: 'front', start: clock })).catch((error: Error) => error);
    // The next event, inside what would be the first one's cooldown, is not muted.
    clock += 10_000;
    const second = await service.raise(motionEvent({ camera: 'front', start: clock }));
    expect(second.suppressed).toEqual([]);
    expect(second.fired).toEqual(['front']);
    expect(second.held).toHaveLength(1);
    expect(first).not.toBeInstanceOf(Error);
    expect((first as typeof second).held).toHaveLength(1);
    expect((first as typeof second).queued).toEqual([]);
    const problems = service.problems();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/2 alerts could not be saved to the outbox \(the disk is full\)/);

    // The System screen's API carries the problem.
    const monitor = createSystemMonitor({ diskPath: mount, cameras: () => [], stats: () => undefined, problems: () => service.problems() });
    const view = SystemView.parse(await monitor.view());
    expect(view.problems?.[0]?.message).toMatch(/held in memory and retried/);

    // Space comes back: both held alerts reach the outbox and the phone; the problem clears.
    unlinkSync(filler);
    await until(() => photos() === 2, 15_000, 'both alerts delivered after the disk had room again');
    await until(() => service.problems().length === 0, 5_000, 'the problem cleared');
    // (The lane marks an entry sent just after the Bot API answered.)
    await until(() => service.list().filter((entry) => entry.status === 'sent').length === 2, 5_000, 'both entries marked sent');

    // Once an alert is queued, its cooldown runs as usual.
    clock += 10_000;
    const third = await service.raise(motionEvent({ camera: 'front', start: clock }));
    expect(third.suppressed).toEqual([{ rule: 'front', reason: 'cooldown' }]);
  });
});
