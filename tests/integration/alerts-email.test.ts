// Email alerts against a real SMTP server on loopback: STARTTLS with a self-signed certificate
// (trusted through the channel's `ca`), AUTH required. The message carries the JPEG and the
// caption; wrong credentials give a clear channel state and retries that back off.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlertService, createMemorySecretStore, type AlertService } from '../../apps/streamer/src/engine/alerts/index.ts';
import { clockFrom, motionEvent, SNAPSHOT, until } from '../fixtures/alerts/events.ts';
import { startSmtp, type SmtpFixture } from '../fixtures/alerts/smtp.ts';

const USER = 'vigil@example.test';
const PASSWORD = 'correct horse battery staple';
let smtp: SmtpFixture;
let dir: string;
let service: AlertService | undefined;
/** When the test events start: a fixed date, so captions can be checked to the second. */
const EVENT_START = Date.UTC(2026, 10, 23, 4, 36, 5);

beforeAll(async () => {
  smtp = await startSmtp(USER, PASSWORD);
});
afterAll(() => smtp.close());
afterEach(async () => {
  await service?.stop();
  service = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function emailService(password: string, port = smtp.port, now: () => number = Date.now) {
  dir = await mkdtemp(join(tmpdir(), 'vigil-alerts-email-'));
  service = createAlertService({ dir, secrets: createMemorySecretStore(), backoff: { baseMs: 100, maxMs: 2_000 }, now });
  await service.start();
  await service.update({
    timeZone: 'Europe/Paris',
    link: 'https://vigil.example/#camera={camera}',
    channels: [{ id: 'mail', type: 'email', name: 'Mail', host: '127.0.0.1', port, security: 'starttls', user: USER, password, from: 'vigil@example.test', to: ['owner@example.test'], ca: smtp.cert }],
    rules: [{ id: 'all', channels: ['mail'], cooldownSec: 0 }],
  });
  return service;
}

describe('email channel', () => {
  it('delivers the snapshot and caption over STARTTLS with AUTH', async () => {
    const alerts = await emailService(PASSWORD, smtp.port, clockFrom(EVENT_START + 60_000)); // a minute after the event
    const before = smtp.mails.length;
    const event = motionEvent({ start: EVENT_START });
    const result = await alerts.raise(event);
    expect(result.queued).toHaveLength(1);
    await until(() => smtp.mails.length > before, 15_000, 'mail');
    const mail = smtp.mails.at(-1)!;

    expect(mail.to).toEqual(['owner@example.test']);
    expect(mail.raw).toMatch(/^Subject: Vigil: motion at Front door \(Porch\)$/m);
    expect(mail.raw).toContain('Motion: Front door');
    expect(mail.raw).toContain('Zones: Porch');
    expect(mail.raw).toContain('Time: 2026-11-23 05:36:05 Europe/Paris');
    expect(mail.raw).toContain('https://vigil.example/#camera=front');
    expect(mail.raw).toMatch(new RegExp(`^Message-ID: <${result.queued[0]}@vigil.alert>$`, 'm'));
    // The attachment: image/jpeg, base64 of exactly the snapshot's bytes.
    expect(mail.raw).toMatch(/Content-Type: image\/jpeg; name=snapshot\.jpg/);
    const part = mail.raw.split(/Content-Type: image\/jpeg[^\n]*\n/)[1]!.split(/\r?\n\r?\n/)[1]!.split(/\r?\n--/)[0]!;
    expect(Buffer.from(part.replace(/\s+/g, ''), 'base64').equals(SNAPSHOT)).toBe(true);

    await until(() => alerts.list()[0]?.status === 'sent', 2_000, 'sent state');
    expect(alerts.channels()[0]!.state.status).toBe('ok');
    expect(alerts.channels()[0]!.hasSecret).toBe(true);
  });

  it('sends a real test message', async () => {
    const alerts = await emailService(PASSWORD);
    const before = smtp.mails.length;
    const view = await alerts.test('mail');
    expect(view.state.status).toBe('ok');
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.mails.at(-1)!.raw).toContain('Subject: Vigil: test message');
  });

  it('wrong credentials: a clear reason, retries backing off', async () => {
    const alerts = await emailService('wrong password');
    const attemptsBefore = smtp.authAttempts.length;
    await alerts.raise(motionEvent());
    await until(() => smtp.authAttempts.length - attemptsBefore >= 5, 15_000, 'five attempts');
    const view = alerts.channels()[0]!;
    expect(view.state.status).toBe('failing');
    expect(view.state.reason).toBe('the mail server refused the user name or password');
    // The SMTP server sees an attempt before the outbox records its failure: once recorded, the
    // entry's next attempt lies after the last one the server saw.
    await until(() => (alerts.list()[0]?.nextAttemptAt ?? 0) > smtp.authAttempts.at(-1)!, 5_000, 'the next attempt scheduled after the last one');
    const entry = alerts.list()[0]!;
    expect(entry.status).toBe('failing');
    expect(entry.lastError).toBe('the mail server refused the user name or password');
    const times = smtp.authAttempts.slice(attemptsBefore, attemptsBefore + 5);
    const gaps = times.slice(1).map((time, i) => time - times[i]!);
    console.log(`email: retry gaps after wrong credentials: ${gaps.join(', ')} ms`);
    // Equal jitter: the k-th gap lies in [base·2^(k-1)/2, base·2^(k-1)], so every other gap at least doubles.
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[3]!).toBeGreaterThan(gaps[1]!);
    expect(gaps[3]!).toBeGreaterThanOrEqual(350);

    // The owner fixes the password: the waiting alert goes out at once, once.
    const before = smtp.mails.length;
    await alerts.update({ ...alerts.config(), channels: [{ ...alerts.config().channels[0]!, password: PASSWORD }] });
    await until(() => alerts.list()[0]?.status === 'sent', 5_000, 'sent after the fix');
    expect(smtp.mails.length).toBe(before + 1);
  });

  it('connection refused: says which server cannot be reached', async () => {
    const { freePort } = await import('../helpers/ports.ts');
    const port = await freePort();
    const alerts = await emailService(PASSWORD, port);
    const view = await alerts.test('mail');
    expect(view.state).toMatchObject({ status: 'failing', reason: `cannot reach 127.0.0.1:${port} (connection refused)` });
  });
});
