// Cooldown, quiet hours and arming through the whole service, with an injected clock, against
// the local Bot API server: suppressed events never reach the server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertService, createMemorySecretStore, type AlertService } from '../../apps/streamer/src/engine/alerts/index.ts';
import { motionEvent, until } from '../fixtures/alerts/events.ts';
import { startBotApi, type BotFixture } from '../fixtures/alerts/telegram.ts';

const TOKEN = '55555:AAHrulesRulesRulesRulesRules123';
const CHAT = '777';
let bot: BotFixture;
let dir: string;
let service: AlertService;
// Monday 2026-11-23, 12:00 in Berlin.
let clock = Date.UTC(2026, 10, 23, 11, 0);
const deliveries: string[] = [];

beforeAll(async () => {
  bot = await startBotApi(TOKEN, CHAT);
  dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-rules-'));
  service = createAlertService({ dir, secrets: createMemorySecretStore(), now: () => clock, onDelivery: (state) => deliveries.push(`${state.id}:${state.status}`) });
  await service.start();
  await service.update({
    timeZone: 'Europe/Berlin',
    channels: [{ id: 'tg', type: 'telegram', name: 'Phone', chatId: CHAT, botToken: TOKEN, apiRoot: bot.apiRoot }],
    rules: [{ id: 'front', cameras: ['front'], channels: ['tg'], cooldownSec: 60, quietHours: [{ from: '23:00', to: '06:30' }] }],
  });
});
afterAll(async () => {
  await service.stop();
  await bot.close();
  await rm(dir, { recursive: true, force: true });
});

const photos = () => bot.calls.filter((call) => call.method === 'sendPhoto').length;

async function raiseAt(at: number, camera = 'front') {
  clock = at;
  const result = await service.raise(motionEvent({ camera, start: at }));
  // onDelivery runs once the sent mark is written and the snapshot released, a moment after the
  // list shows it: wait for both.
  await until(() => service.list().every((entry) => entry.status === 'sent' && deliveries.includes(`${entry.id}:sent`)), 5_000, 'delivery');
  return result;
}

describe('rules through the service', () => {
  it('cooldown: one alert per minute per camera', async () => {
    const start = clock;
    expect((await raiseAt(start)).queued).toHaveLength(1);
    expect((await raiseAt(start + 20_000)).suppressed).toEqual([{ rule: 'front', reason: 'cooldown' }]);
    expect((await raiseAt(start + 59_999)).queued).toHaveLength(0);
    expect((await raiseAt(start + 60_000)).queued).toHaveLength(1);
    expect((await raiseAt(start + 61_000, 'back')).suppressed).toEqual([{ rule: 'front', reason: 'no-match' }]);
    expect(photos()).toBe(2);
  });

  it('quiet hours in the configured time zone', async () => {
    const before = photos();
    // 23:30 in Berlin is 22:30 UTC.
    expect((await raiseAt(Date.UTC(2026, 10, 23, 22, 30))).suppressed).toEqual([{ rule: 'front', reason: 'quiet-hours' }]);
    // 06:29 Berlin (05:29 UTC) still quiet, 06:30 not.
    expect((await raiseAt(Date.UTC(2026, 10, 24, 5, 29))).queued).toHaveLength(0);
    expect((await raiseAt(Date.UTC(2026, 10, 24, 5, 30))).queued).toHaveLength(1);
    expect(photos()).toBe(before + 1);
  });

  it('manual disarm and re-arm', async () => {
    const before = photos();
    await service.setMode('disarmed');
    expect((await raiseAt(Date.UTC(2026, 10, 24, 12, 0))).suppressed).toEqual([{ rule: 'front', reason: 'disarmed' }]);
    await service.setMode('armed');
    expect(service.config().mode).toBe('armed');
    expect((await raiseAt(Date.UTC(2026, 10, 24, 12, 5))).queued).toHaveLength(1);
    expect(photos()).toBe(before + 1);
    // The secret survived the mode changes.
    expect(service.channels()[0]!.hasSecret).toBe(true);
  });

  it('reports every queued and sent entry to onDelivery, in order', () => {
    const sent = service.list().filter((entry) => entry.status === 'sent');
    expect(deliveries).toHaveLength(sent.length * 2);
    for (const entry of sent) expect(deliveries.filter((line) => line.startsWith(entry.id))).toEqual([`${entry.id}:pending`, `${entry.id}:sent`]);
  });
});
