// The streamer UI's Alerts screen against the real engine and a real SMTP server (STARTTLS with a
// self-signed certificate, AUTH required). A person adds an e-mail channel through the form —
// first refused by the form's own checks, then with the right credentials — presses "Send test"
// (the server receives it, the channel shows Working), then changes the password to a wrong one
// (the channel shows the server's refusal in words). Arming and a schedule the engine refuses
// (a time zone it does not know: its 400 message next to the form) are covered too.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsView } from '@vigil/shared/alerts';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { startSmtp, type SmtpFixture } from '../fixtures/alerts/smtp.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { buildStreamerUi } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const USER = 'vigil@example.test';
const PASSWORD = 'correct horse battery staple';

describe('streamer UI: alerts', () => {
  let tmp: string;
  let smtp: SmtpFixture;
  let engine: Engine;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async <T,>(path: string): Promise<T> => {
    const res = await fetch(engine.info.apiUrl + path, { headers: { authorization: `Bearer ${engine.info.adminToken}` } });
    return (await res.json()) as T;
  };
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `streamer-alerts${name ? `-${name}` : ''}.png`), fullPage: true });
  const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-alerts-'));
    await mkdir(SHOTS, { recursive: true });
    smtp = await startSmtp(USER, PASSWORD);
    await buildStreamerUi(join(tmp, 'dist'));
    engine = await startEngine({ dataDir: join(tmp, 'engine'), apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1', streamerDist: join(tmp, 'dist') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The refused schedule is a deliberate 400, which the browser logs as a failed load.
    const expected = (t: string) => t.includes('status of 400');
    page.on('console', (message) => message.type() === 'error' && !expected(message.text()) && pageErrors.push(message.text()));
    page.on('response', (res) => {
      if (res.status() >= 400 && !(res.status() === 400 && res.url().endsWith('/api/alerts'))) pageErrors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await smtp?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('opens the Alerts screen, empty', async () => {
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alerts-screen').waitFor();
    await page.getByTestId('channels-empty').waitFor();
  });

  it('checks the form before sending anything', async () => {
    await page.getByTestId('channel-add').click();
    await page.getByTestId('channel-form').waitFor();
    await page.getByTestId('channel-host').fill('smtp://mail.example.com:587');
    await page.getByTestId('channel-to').fill('owner@example.test, not-an-address');
    await page.getByTestId('channel-save').click();
    expect(await text('error-host')).toContain('without "smtp://"');
    expect(await text('error-from')).toContain('sender address');
    expect(await text('error-to')).toContain('not-an-address');
    expect((await api<AlertsView>('/api/alerts')).channels).toHaveLength(0);
    await shot('form');
  });

  it('adds an e-mail channel; "Send test" reaches the SMTP server and shows Working', async () => {
    await page.getByTestId('channel-name').fill('Owner mail');
    await page.getByTestId('channel-host').fill('127.0.0.1');
    await page.getByTestId('channel-port').fill(String(smtp.port));
    await page.getByTestId('channel-security').selectOption('starttls');
    await page.getByTestId('channel-user').fill(USER);
    await page.getByTestId('channel-password').fill(PASSWORD);
    await page.getByTestId('channel-from').fill('vigil@example.test');
    await page.getByTestId('channel-to').fill('owner@example.test');
    await page.getByTestId('channel-ca').fill(smtp.cert);
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-owner-mail').waitFor();
    expect(await page.getByTestId('channel-form').count()).toBe(0);
    const stored = await api<AlertsView>('/api/alerts');
    expect(stored.channels[0]!.hasSecret).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(stored.config.rules.map((r) => r.channels)).toEqual([['owner-mail']]);

    const before = smtp.mails.length;
    await page.getByTestId('channel-test-owner-mail').click();
    await waitFor(() => page.getByTestId('channel-owner-mail').getAttribute('data-status'), (s) => s === 'ok', 15_000);
    expect(smtp.mails.length).toBe(before + 1);
    expect(smtp.mails.at(-1)!.raw).toContain('Subject: Vigil: test message');
    expect(smtp.mails.at(-1)!.to).toEqual(['owner@example.test']);
    expect(await text('channel-state-owner-mail')).toContain('Working');
    await shot('');
  });

  it('editing keeps the stored password when left empty; a wrong one shows the refusal in words', async () => {
    await page.getByTestId('channel-edit-owner-mail').click();
    expect(await page.getByTestId('channel-password').inputValue()).toBe('');
    await page.getByTestId('channel-save').click(); // unchanged: the stored password stays
    await page.getByTestId('channel-owner-mail').waitFor();
    const before = smtp.mails.length;
    await page.getByTestId('channel-test-owner-mail').click();
    await waitFor(() => Promise.resolve(smtp.mails.length), (n) => n === before + 1, 15_000);

    await page.getByTestId('channel-edit-owner-mail').click();
    await page.getByTestId('channel-password').fill('wrong password');
    await page.getByTestId('channel-save').click();
    await page.getByTestId('channel-form').waitFor({ state: 'detached' });
    await page.getByTestId('channel-test-owner-mail').click();
    await waitFor(() => page.getByTestId('channel-owner-mail').getAttribute('data-status'), (s) => s === 'failing', 15_000);
    expect(await text('channel-state-owner-mail')).toContain('The mail server refused the user name or password');
    expect(smtp.mails.length).toBe(before + 1);
    await shot('failing');
  });

  it('arms, disarms, and shows the engine refusing a schedule next to its form', async () => {
    await page.getByTestId('mode-disarmed').click({ force: true });
    await waitFor(() => api<AlertsView>('/api/alerts').then((v) => v.config.mode), (m) => m === 'disarmed', 5_000);
    await page.locator('[data-testid="alerts-mode"][data-mode="disarmed"]').waitFor();
    await page.getByTestId('schedule-edit').click();
    await page.getByTestId('armed-windows-add').click();
    await page.getByTestId('schedule-timezone').fill('Mars/Olympus');
    await page.getByTestId('schedule-save').click();
    await page.getByTestId('schedule-error').waitFor();
    expect(await text('schedule-error')).toMatch(/time zone|invalid|timeZone/i);
    await shot('schedule');
    await page.getByTestId('schedule-timezone').fill('Europe/Paris');
    await page.getByTestId('schedule-save').click();
    await page.getByTestId('schedule-edit').waitFor();
    await page.getByTestId('mode-schedule').click({ force: true });
    await waitFor(() => api<AlertsView>('/api/alerts').then((v) => v.config), (c) => c.mode === 'schedule' && c.timeZone === 'Europe/Paris' && c.armedWindows.length === 1, 5_000);
    expect(pageErrors).toEqual([]);
  });
});
