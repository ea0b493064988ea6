// A first run has no channel: motion and health alerts wait in the outbox (listed for the app's
// "N alerts waiting: add a channel" notice), and the first channel added receives each once,
// through the real SMTP server; a health kind muted for a channel is not handed to it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAlertService, createMemorySecretStore } from '../../apps/streamer/src/engine/alerts/index.ts';
import { motionEvent, until } from '../fixtures/alerts/events.ts';
import { startSmtp, type SmtpFixture } from '../fixtures/alerts/smtp.ts';

const USER = 'vigil@example.test';
const PASSWORD = 'waiting-password';
let smtp: SmtpFixture;
let dir: string;

beforeAll(async () => {
  smtp = await startSmtp(USER, PASSWORD);
  dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-waiting-'));
});
afterAll(async () => {
  await smtp.close();
  await rm(dir, { recursive: true, force: true });
});

it('keeps alerts raised without a channel and hands them to the first channel added', async () => {
  const service = createAlertService({ dir, secrets: createMemorySecretStore(), backoff: { baseMs: 100, maxMs: 2_000 } });
  await service.start();
  await service.raise(motionEvent({ cameraName: 'Demo camera' }));
  await service.raiseHealth({ id: 'camera-offline-1', kind: 'camera-offline', camera: 'porch', cameraName: 'Porch', at: Date.now(), title: 'Porch is offline since 14:02', body: 'Porch is offline since 14:02' });
  await service.raiseHealth({ id: 'clock-jump-1', kind: 'clock-jump', at: Date.now(), title: 'The clock jumped forward by 3 h', body: 'The clock jumped forward by 3 h' });
  const waiting = service.list().filter((entry) => entry.channel === '-' && entry.status === 'pending');
  expect(waiting.map((entry) => entry.title).sort()).toEqual(['Porch is offline since 14:02', 'The clock jumped forward by 3 h', 'Vigil: motion at Demo camera (Porch)']);
  await service.update({
    channels: [{ id: 'mail', type: 'email', name: 'Mail', host: '127.0.0.1', port: smtp.port, user: USER, password: PASSWORD, from: USER, to: ['owner@example.test'], ca: smtp.cert }],
    health: { 'clock-jump': { muted: ['mail'] } },
  });
  await until(() => smtp.mails.length >= 2 && service.list().filter((entry) => entry.channel === 'mail').every((entry) => entry.status === 'sent'), 15_000, 'the waiting alerts mailed');
  const subjects = smtp.mails.map((mail) => /^Subject: (.*)$/m.exec(mail.raw)?.[1]).sort();
  expect(subjects).toEqual(['Porch is offline since 14:02', 'Vigil: motion at Demo camera (Porch)']);
  expect(service.list().filter((entry) => entry.channel === '-' && entry.status === 'pending')).toEqual([]);
  await service.stop();
});
