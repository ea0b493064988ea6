// Both servers go away while events keep firing; when they return every alert is delivered once
// per channel, also across an engine restart. Backoff is shortened (same code, smaller numbers).
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlertService, createFileSecretStore, type AlertService } from '../../apps/streamer/src/engine/alerts/index.ts';
import { motionEvent, until } from '../fixtures/alerts/events.ts';
import { startSmtp, type SmtpFixture } from '../fixtures/alerts/smtp.ts';
import { waitFor } from '../helpers/wait.ts';
import { startBotApi, type BotFixture } from '../fixtures/alerts/telegram.ts';

const USER = 'vigil@example.test';
const PASSWORD = 'outage-password-7f3a9';
const TOKEN = '987654321:AAFoutageTokenOutageToken0123456789';
const CHAT = '-1001234';
let smtp: SmtpFixture;
let bot: BotFixture;
let dir: string;
const services: AlertService[] = [];
const logs: string[] = [];

beforeAll(async () => {
  smtp = await startSmtp(USER, PASSWORD);
  bot = await startBotApi(TOKEN, CHAT);
});
afterAll(async () => {
  await smtp.close();
  await bot.close();
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  await rm(dir, { recursive: true, force: true });
});

function open(): AlertService {
  const service = createAlertService({
    dir,
    secrets: createFileSecretStore({ file: join(dir, 'secrets.enc') }),
    backoff: { baseMs: 50, maxMs: 400 },
    log: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
  });
  services.push(service);
  return service;
}

async function configured(): Promise<AlertService> {
  dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-outage-'));
  const service = open();
  await service.start();
  await service.update({
    link: 'https://vigil.example/#event={event}',
    channels: [
      { id: 'mail', type: 'email', name: 'Mail', host: '127.0.0.1', port: smtp.port, user: USER, password: PASSWORD, from: USER, to: ['owner@example.test'], ca: smtp.cert },
      { id: 'tg', type: 'telegram', name: 'Phone', chatId: CHAT, botToken: TOKEN, apiRoot: bot.apiRoot },
    ],
    rules: [{ id: 'all', channels: ['mail', 'tg'], cooldownSec: 0 }],
  });
  return service;
}

/** Event ids in delivered mails and photos since the given counts. */
function delivered(mailsFrom: number, callsFrom: number): { mail: string[]; tg: string[] } {
  const id = (text: string) => /#event=([\w-]+)/.exec(text)?.[1] ?? '?';
  return {
    mail: smtp.mails.slice(mailsFrom).map((mail) => id(mail.raw)),
    tg: bot.calls.slice(callsFrom).filter((call) => call.method === 'sendPhoto' && call.fields.chat_id === CHAT).map((call) => id(call.fields.caption ?? '')),
  };
}

/** Scans every file the service wrote: secrets only in the 0600 encrypted store. */
async function expectNoPlainSecrets(): Promise<void> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const file of files.filter((entry) => entry.isFile())) {
    // The outbox goes on delivering while this reads: a file it removed since the listing is gone.
    const text = await readFile(join(file.parentPath, file.name), 'latin1').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    expect(text, file.name).not.toContain(PASSWORD);
    expect(text, file.name).not.toContain(TOKEN.split(':')[1]);
  }
  for (const name of ['secrets.enc', 'secrets.key']) expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
}

async function fire(service: AlertService, count: number, ids: string[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const event = motionEvent();
    ids.push(event.id);
    await service.raise(event);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('outage', () => {
  it('servers down for a while: every alert arrives once when they return', async () => {
    const service = await configured();
    const mails = smtp.mails.length;
    const calls = bot.calls.length;
    const ids: string[] = [];
    await fire(service, 2, ids);
    await until(() => service.list().every((entry) => entry.status === 'sent'), 5_000, 'first alerts');

    await smtp.stop();
    await bot.stop();
    await fire(service, 12, ids);
    await until(() => service.channels().every((channel) => channel.state.status === 'failing'), 5_000, 'failing state');
    expect(service.channels().map((channel) => channel.state.reason)).toEqual([
      `cannot reach 127.0.0.1:${smtp.port} (connection refused)`,
      `cannot reach 127.0.0.1:${bot.port} (connection refused)`,
    ]);
    expect(service.list().filter((entry) => entry.status !== 'sent').length).toBe(24);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the outage goes on a while: retries keep failing

    await smtp.start();
    await bot.start();
    await until(() => service.list().every((entry) => entry.status === 'sent'), 10_000, 'all sent');
    const got = delivered(mails, calls);
    expect([...got.mail].sort()).toEqual([...ids].sort());
    expect([...got.tg].sort()).toEqual([...ids].sort());
    // A closed entry's snapshot is removed just after its status is written: wait for it, bounded.
    await waitFor(async () => (await readdir(join(dir, 'outbox'))).filter((name) => name.endsWith('.jpg')), (left) => left.length === 0, 5_000, { what: 'delivered snapshots removed' });
  });

  it('the same with an engine restart during the outage', async () => {
    const first = await configured();
    const mails = smtp.mails.length;
    const calls = bot.calls.length;
    const ids: string[] = [];
    await smtp.stop();
    await bot.stop();
    await fire(first, 6, ids);
    await first.stop();

    // A new engine on the same folder: config, secrets and the outbox come back from disk.
    const second = open();
    await second.start();
    expect(second.list().filter((entry) => entry.status === 'pending' || entry.status === 'failing')).toHaveLength(12);
    await fire(second, 6, ids);
    // Raising an event again (a replayed bus message) queues nothing new.
    const replay = await second.raise(motionEvent({ id: ids[0]! }));
    expect(replay.queued).toEqual([]);
    expect(replay.duplicates).toHaveLength(2);

    await smtp.start();
    await bot.start();
    await until(() => second.list().every((entry) => entry.status === 'sent'), 10_000, 'all sent');
    const got = delivered(mails, calls);
    expect([...got.mail].sort()).toEqual([...ids].sort());
    expect([...got.tg].sort()).toEqual([...ids].sort());
    await expectNoPlainSecrets();
  });

  it('an entry found mid-send after a crash is sent again, and the log says it may be a duplicate', async () => {
    const first = await configured();
    await smtp.stop();
    await bot.stop();
    const event = motionEvent();
    await first.raise(event);
    await first.stop();
    // Play the crash: the entry says a send had started and never finished.
    for (const name of (await readdir(join(dir, 'outbox'))).filter((file) => file.endsWith('.json'))) {
      const entry = JSON.parse(await readFile(join(dir, 'outbox', name), 'utf8')) as Record<string, unknown>;
      await writeFile(join(dir, 'outbox', name), JSON.stringify({ ...entry, sendingSince: Date.now() }));
    }
    const mails = smtp.mails.length;
    const calls = bot.calls.length;
    await smtp.start();
    await bot.start();
    const second = open();
    await second.start();
    await until(() => second.list().every((entry) => entry.status === 'sent'), 10_000, 'sent');
    expect(delivered(mails, calls)).toEqual({ mail: [event.id], tg: [event.id] });
    expect(logs.filter((line) => line.includes('being sent when the engine stopped'))).toHaveLength(2);
  });

  it('no log line and no file in plain text holds the password or the token', async () => {
    const all = logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(TOKEN.split(':')[1]);
  });
});
