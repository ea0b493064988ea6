// Telegram alerts against a local server speaking the Bot API at /bot<token>/<method>; the
// channel code is the production one, only `apiRoot` points at the fixture.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlertService, createMemorySecretStore, type AlertService } from '../../apps/streamer/src/engine/alerts/index.ts';
import { clockFrom, motionEvent, SNAPSHOT, until } from '../fixtures/alerts/events.ts';
import { waitFor } from '../helpers/wait.ts';
import { startBotApi, type BotFixture } from '../fixtures/alerts/telegram.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9';
const CHAT = '424242';
let bot: BotFixture;
let dir: string;
let service: AlertService | undefined;
/** When the test events start: a fixed date, so captions can be checked to the second. */
const EVENT_START = Date.UTC(2026, 10, 23, 4, 36, 5);

beforeAll(async () => {
  bot = await startBotApi(TOKEN, CHAT);
});
afterAll(() => bot.close());
afterEach(async () => {
  await service?.stop();
  service = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function telegramService(token: string, chatId = CHAT, now: () => number = Date.now) {
  dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-tg-'));
  service = createAlertService({ dir, secrets: createMemorySecretStore(), backoff: { baseMs: 100, maxMs: 2_000 }, now });
  await service.start();
  await service.update({
    timeZone: 'UTC',
    channels: [{ id: 'tg', type: 'telegram', name: 'Phone', chatId, botToken: token, apiRoot: bot.apiRoot }],
    rules: [{ id: 'all', channels: ['tg'], cooldownSec: 0 }],
  });
  return service;
}

describe('telegram channel', () => {
  it('sendPhoto arrives as multipart with the JPEG and the caption', async () => {
    const alerts = await telegramService(TOKEN, CHAT, clockFrom(EVENT_START + 60_000)); // a minute after the event
    const before = bot.calls.length;
    await alerts.raise(motionEvent({ start: EVENT_START, zones: [{ id: 'porch', name: 'Porch' }, { id: 'drive', name: 'Driveway' }] }));
    await until(() => bot.calls.length > before, 15_000, 'sendPhoto');
    const call = bot.calls.at(-1)!;
    expect(call.method).toBe('sendPhoto');
    expect(call.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(call.fields.chat_id).toBe(CHAT);
    expect(call.fields.caption).toBe('Motion: Front door\nZones: Porch, Driveway\nTime: 2026-11-23 04:36:05 UTC');
    expect(call.files.photo!.type).toBe('image/jpeg');
    expect(call.files.photo!.name).toBe('snapshot.jpg');
    expect(call.files.photo!.bytes.equals(SNAPSHOT)).toBe(true);
    await until(() => alerts.list()[0]?.status === 'sent', 2_000, 'sent state');
  });

  it('still delivers an alert 71 h old, and drops one 73 h old as too old (the 72 h default)', async () => {
    const alerts = await telegramService(TOKEN);
    const hour = 3_600_000;
    const stale = motionEvent({ start: Date.now() - 73 * hour, snapshot: undefined });
    const late = motionEvent({ start: Date.now() - 71 * hour, snapshot: undefined });
    const [staleId] = (await alerts.raise(stale)).queued;
    const [lateId] = (await alerts.raise(late)).queued;
    const settled = await waitFor(
      () => alerts.list(),
      (list) => list.filter((entry) => entry.id === staleId || entry.id === lateId).every((entry) => entry.status === 'sent' || entry.status === 'dropped'),
      10_000,
      { what: 'both alerts sent or dropped' },
    );
    const stateOf = (id: string | undefined) => settled.find((entry) => entry.id === id)!;
    expect(stateOf(lateId).status).toBe('sent');
    expect(stateOf(staleId).status).toBe('dropped');
    expect(stateOf(staleId).dropReason).toMatch(/^too old: the motion was 43\d\d min ago$/);
  });

  it('an event without a snapshot goes out as sendMessage', async () => {
    const alerts = await telegramService(TOKEN);
    const before = bot.calls.length;
    await alerts.raise(motionEvent({ snapshot: undefined }));
    await until(() => bot.calls.length > before, 5_000, 'sendMessage');
    expect(bot.calls.at(-1)!.method).toBe('sendMessage');
    expect(bot.calls.at(-1)!.fields.text).toContain('Motion: Front door');
  });

  it('the test button calls getMe and sends a real message', async () => {
    const alerts = await telegramService(TOKEN);
    const before = bot.calls.length;
    const view = await alerts.test('tg');
    expect(view.state.status).toBe('ok');
    expect(bot.calls.slice(before).map((call) => call.method)).toEqual(['getMe', 'sendMessage']);
  });

  it('401 gives the wrong-token state; 400 chat not found says so', async () => {
    const wrong = await telegramService('123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0');
    expect((await wrong.test('tg')).state).toMatchObject({ status: 'failing', reason: 'the bot token is wrong' });
    await wrong.raise(motionEvent());
    await until(() => wrong.list()[0]?.status === 'failing', 5_000, 'failing entry');
    expect(wrong.list()[0]!.lastError).toBe('the bot token is wrong');
    await wrong.stop();
    await rm(dir, { recursive: true, force: true });

    const lost = await telegramService(TOKEN, '999');
    expect((await lost.test('tg')).state).toMatchObject({ status: 'failing', reason: 'the chat id is wrong, or nobody in that chat has started the bot yet' });
  });

  it('server down: says it cannot be reached', async () => {
    const { freePort } = await import('../helpers/ports.ts');
    const port = await freePort();
    dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-tg-'));
    service = createAlertService({ dir, secrets: createMemorySecretStore() });
    await service.start();
    await service.update({ channels: [{ id: 'tg', type: 'telegram', name: 'Phone', chatId: CHAT, botToken: TOKEN, apiRoot: `http://127.0.0.1:${port}` }] });
    expect((await service.test('tg')).state).toMatchObject({ status: 'failing', reason: `cannot reach 127.0.0.1:${port} (connection refused)` });
  });
});

describe('the in-doubt window', () => {
  it('a server that took the photo but never answered: retried, so it gets it twice (documented)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-tg-'));
    const logs: string[] = [];
    service = createAlertService({
      dir, secrets: createMemorySecretStore(), backoff: { baseMs: 100, maxMs: 400 }, telegram: { timeoutMs: 300 },
      log: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields)}`),
    });
    await service.start();
    await service.update({ channels: [{ id: 'tg', type: 'telegram', name: 'Phone', chatId: CHAT, botToken: TOKEN, apiRoot: bot.apiRoot }], rules: [{ id: 'all', channels: ['tg'] }] });
    const before = bot.calls.length;
    bot.hang = true;
    try {
      await service.raise(motionEvent());
      await until(() => service!.list()[0]?.status === 'failing', 5_000, 'timeout');
    } finally {
      bot.hang = false;
    }
    expect(service.list()[0]!.lastError).toBe(`127.0.0.1:${bot.port} did not answer in time`);
    expect(logs.some((line) => line.includes('"inDoubt":true'))).toBe(true);
    await until(() => service!.list()[0]?.status === 'sent', 5_000, 'sent');
    expect(bot.calls.slice(before).filter((call) => call.method === 'sendPhoto')).toHaveLength(2);
  });
});
