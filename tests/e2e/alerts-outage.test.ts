// The outage, in real time: the SMTP and Bot API servers are down for several minutes
// (ALERTS_OUTAGE_MS, default 3 min) while a camera keeps raising events, and the engine restarts
// halfway through. When the servers return every alert is delivered once per channel. Backoff is
// shortened to 1 s doubling to 30 s (production: 5 s to 10 min) so the test ends soon after.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAlertService, createFileSecretStore, type AlertService } from '../../apps/streamer/src/engine/alerts/index.ts';
import { motionEvent, until } from '../fixtures/alerts/events.ts';
import { startSmtp, type SmtpFixture } from '../fixtures/alerts/smtp.ts';
import { waitFor } from '../helpers/wait.ts';
import { startBotApi, type BotFixture } from '../fixtures/alerts/telegram.ts';

const OUTAGE_MS = Number(process.env.ALERTS_OUTAGE_MS ?? 180_000);
const EVENT_EVERY_MS = 10_000;
const USER = 'vigil@example.test';
const PASSWORD = 'e2e-outage-password';
const TOKEN = '31337:AAHe2eOutageTokenE2eOutageToken';
const CHAT = '1';
let smtp: SmtpFixture;
let bot: BotFixture;
let dir: string;

beforeAll(async () => {
  smtp = await startSmtp(USER, PASSWORD);
  bot = await startBotApi(TOKEN, CHAT);
  dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-e2e-'));
});
afterAll(async () => {
  await smtp.close();
  await bot.close();
  await rm(dir, { recursive: true, force: true });
});

const open = () => createAlertService({ dir, secrets: createFileSecretStore({ file: join(dir, 'secrets.enc') }), backoff: { baseMs: 1_000, maxMs: 30_000 } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventIn = (text: string) => /#event=([\w-]+)/.exec(text)?.[1] ?? '?';

it(`servers down ${OUTAGE_MS / 60_000} min with an engine restart: every alert delivered, none twice`, async () => {
  let service: AlertService = open();
  await service.start();
  await service.update({
    link: 'https://vigil.example/#event={event}',
    channels: [
      { id: 'mail', type: 'email', name: 'Mail', host: '127.0.0.1', port: smtp.port, user: USER, password: PASSWORD, from: USER, to: ['owner@example.test'], ca: smtp.cert },
      { id: 'tg', type: 'telegram', name: 'Phone', chatId: CHAT, botToken: TOKEN, apiRoot: bot.apiRoot },
    ],
    rules: [{ id: 'all', channels: ['mail', 'tg'], cooldownSec: 0 }],
  });
  const ids: string[] = [];
  await smtp.stop();
  await bot.stop();
  const outageStart = Date.now();
  let restarted = false;
  while (Date.now() - outageStart < OUTAGE_MS) {
    const event = motionEvent();
    ids.push(event.id);
    await service.raise(event);
    if (!restarted && Date.now() - outageStart > OUTAGE_MS / 2) {
      await service.stop();
      service = open();
      await service.start();
      restarted = true;
    }
    await sleep(EVENT_EVERY_MS);
  }
  const states = service.channels().map((channel) => channel.state);
  expect(states.map((state) => state.status)).toEqual(['failing', 'failing']);
  await smtp.start();
  await bot.start();
  const back = Date.now();
  await until(() => service.list().every((entry) => entry.status === 'sent'), 90_000, 'every alert sent');
  console.log(`alerts e2e: ${ids.length} events × 2 channels during a ${OUTAGE_MS / 1000} s outage; all delivered ${((Date.now() - back) / 1000).toFixed(1)} s after the servers returned`);
  const mails = smtp.mails.map((mail) => eventIn(mail.raw)).sort();
  const photos = bot.calls.filter((call) => call.method === 'sendPhoto').map((call) => eventIn(call.fields.caption ?? '')).sort();
  expect(mails).toEqual([...ids].sort());
  expect(photos).toEqual([...ids].sort());
  // A closed entry's snapshot is removed just after its status is written: wait for it, bounded.
  await waitFor(async () => (await readdir(join(dir, 'outbox'))).filter((name) => name.endsWith('.jpg')), (left) => left.length === 0, 5_000, { what: 'delivered snapshots removed' });
  await service.stop();
}, OUTAGE_MS + 180_000);
