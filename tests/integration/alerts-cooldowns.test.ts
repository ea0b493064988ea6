// Cooldowns survive an engine restart: the real service against the local Bot API server, with
// an injected clock; a second service on the same folder is the restarted engine.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlertService, createMemorySecretStore, type AlertService } from '../../apps/streamer/src/engine/alerts/index.ts';
import { motionEvent, until } from '../fixtures/alerts/events.ts';
import { startBotApi, type BotFixture } from '../fixtures/alerts/telegram.ts';

const TOKEN = '66666:AAHcooldownCooldownCooldown1234';
const CHAT = '888';
const START = Date.UTC(2026, 10, 23, 11, 0);
let bot: BotFixture;
let dir: string;
let clock = START;
const running: AlertService[] = [];
const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
const secrets = createMemorySecretStore();

async function startService(): Promise<AlertService> {
  const service = createAlertService({ dir, secrets, now: () => clock, log: (_level, message, fields) => logged.push({ message, fields }) });
  await service.start();
  running.push(service);
  return service;
}

async function stopAll(): Promise<void> {
  for (const service of running.splice(0)) await service.stop();
}

const photos = () => bot.calls.filter((call) => call.method === 'sendPhoto').length;

async function raiseAt(service: AlertService, at: number) {
  clock = at;
  const result = await service.raise(motionEvent({ camera: 'front', start: at }));
  await until(() => service.list().every((entry) => entry.status === 'sent'), 5_000, 'delivery');
  return result;
}

beforeAll(async () => {
  bot = await startBotApi(TOKEN, CHAT);
  dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-cooldowns-'));
  const service = await startService();
  await service.update({
    timeZone: 'UTC',
    channels: [{ id: 'tg', type: 'telegram', name: 'Phone', chatId: CHAT, botToken: TOKEN, apiRoot: bot.apiRoot }],
    rules: [{ id: 'front', cameras: ['front'], channels: ['tg'], cooldownSec: 300 }],
  });
  await stopAll();
});
afterEach(stopAll);
afterAll(async () => {
  await bot.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cooldowns across a restart', () => {
  it('an event inside the cooldown after a restart is suppressed; after it, queued', async () => {
    const first = await startService();
    expect((await raiseAt(first, START)).queued).toHaveLength(1);
    expect(photos()).toBe(1);
    await stopAll();

    const second = await startService();
    expect((await raiseAt(second, START + 120_000)).suppressed).toEqual([{ rule: 'front', reason: 'cooldown' }]);
    await stopAll();

    // Restarted again: still the first alert's cooldown (a suppressed event does not extend it).
    const third = await startService();
    expect((await raiseAt(third, START + 299_999)).queued).toHaveLength(0);
    expect((await raiseAt(third, START + 300_000)).queued).toHaveLength(1);
    expect(photos()).toBe(2);

    const saved = JSON.parse(await readFile(join(dir, 'cooldowns.json'), 'utf8')) as { marks: Array<{ rule: string; camera: string; at: number }> };
    expect(saved.marks).toEqual([expect.objectContaining({ rule: 'front', camera: 'front', at: START + 300_000 })]);
  });

  it('a damaged cooldowns file is logged and ignored: the service starts and alerts', async () => {
    await writeFile(join(dir, 'cooldowns.json'), '{"version":1,"marks":[{"rule":');
    logged.length = 0;
    const service = await startService();
    expect(logged.find((line) => line.message.includes('cooldowns file damaged'))?.fields?.reason).toMatch(/JSON/);
    // START + 300 s fired last, but the file that said so is gone: the next event alerts.
    expect((await raiseAt(service, START + 310_000)).queued).toHaveLength(1);
    expect(photos()).toBe(3);
    // And the file is whole again.
    expect(JSON.parse(await readFile(join(dir, 'cooldowns.json'), 'utf8')).marks).toHaveLength(1);
  });

  it('a well-formed file with a wrong shape is ignored the same way', async () => {
    await writeFile(join(dir, 'cooldowns.json'), JSON.stringify({ version: 1, marks: [{ rule: 'front', camera: 'front', at: 'yesterday' }] }));
    logged.length = 0;
    const service = await startService();
    expect(logged.find((line) => line.message.includes('cooldowns file damaged'))?.fields?.reason).toMatch(/marks\.0\.at/);
    expect((await raiseAt(service, START + 320_000)).queued).toHaveLength(1);
    expect(photos()).toBe(4);
  });
});
