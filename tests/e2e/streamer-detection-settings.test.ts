// Object detection settings in the streamer UI against the real engine: the camera editor's
// "Object detection" section (checked in the form, saved, read back from the engine's camera
// config) and an alert rule that requires a person in a zone (a rule that could never alert is
// refused in the form; the saved one survives a reload and the engine's /api/alerts has it).
// Then the engine raises events through that rule to a local Bot API: the caption says who was seen.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsView } from '@vigil/shared/alerts';
import type { CameraView } from '@vigil/shared/api';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { motionEvent, until } from '../fixtures/alerts/events.ts';
import { startBotApi, type BotFixture } from '../fixtures/alerts/telegram.ts';
import { launchChromium, waitFor } from '../helpers/chromium.ts';
import { adminApi, buildStreamerUi } from '../streamer-ui/harness.ts';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const TOKEN = '123456:ABCdefGhIJKlmnOPQrstUVwxyz0123456789';
const DRIVEWAY = { id: 'driveway', name: 'Driveway', polygon: [[0.1, 0.5], [0.9, 0.5], [0.9, 0.95], [0.1, 0.95]] };

describe('streamer UI: object detection settings', () => {
  let tmp: string;
  let engine: Engine;
  let bot: BotFixture;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = adminApi(() => engine);
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `streamer-detection-${name}.png`), fullPage: true });
  const porch = async () => (await api<CameraView[]>('GET', '/api/cameras')).find((c) => c.config.id === 'porch')!.config;
  const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
  const open = async (screen: string) => {
    await page.goto(`${engine.info.apiUrl}/#token=${engine.info.adminToken}`);
    await page.getByTestId(`nav-${screen}`).click();
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-streamer-detection-'));
    await mkdir(SHOTS, { recursive: true });
    await buildStreamerUi(join(tmp, 'dist'));
    engine = await startEngine({ dataDir: join(tmp, 'engine'), apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1', streamerDist: join(tmp, 'dist') });
    // Off: the settings are what is tested, no pipeline needs to run.
    await api('POST', '/api/cameras', { id: 'porch', name: 'Porch', enabled: false, source: { kind: 'test-pattern', width: 640, height: 360, fps: 5 }, motion: { enabled: false, zones: [DRIVEWAY] } });
    bot = await startBotApi(TOKEN, '123456');
    await api('PUT', '/api/alerts', { channels: [{ id: 'phone', type: 'telegram', name: 'Phone', chatId: '123456', apiRoot: bot.apiRoot, botToken: TOKEN }] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await bot?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the camera editor turns detection on, checks the form, and the engine stores the block', async () => {
    await open('cameras');
    await page.getByTestId('edit-camera').click();
    await page.getByTestId('detection-section').waitFor();
    expect(await page.getByTestId('detection-minScore').count()).toBe(0); // off: only the switch
    await page.getByTestId('detection-enabled').check();
    await page.getByTestId('detection-label-bicycle').uncheck();
    await page.getByTestId('detection-label-animal').uncheck();
    await page.getByTestId('detection-minScore').fill('2');
    await page.getByTestId('save-camera').click();
    expect(await text('error-detection-minScore')).toContain('5 to 100');
    expect((await porch()).detection).toBeUndefined();

    await page.getByTestId('detection-minScore').fill('40');
    await page.getByTestId('detection-section').scrollIntoViewIfNeeded();
    await page.getByTestId('camera-editor').screenshot({ path: join(SHOTS, 'streamer-detection-camera.png') });
    await page.getByTestId('save-camera').click();
    await page.getByTestId('camera-editor').waitFor({ state: 'detached' });
    const stored = await porch();
    expect(stored.detection).toEqual({ enabled: true, labels: ['person', 'vehicle'], minScore: 0.4 });
    expect(stored.motion?.zones.map((z) => z.id)).toEqual(['driveway']); // the editor keeps what it does not show

    await page.getByTestId('edit-camera').click();
    expect(await page.getByTestId('detection-minScore').inputValue()).toBe('40');
    expect(await page.getByTestId('detection-label-animal').isChecked()).toBe(false);
    await page.getByTestId('camera-editor').getByText('Cancel').click();
    await page.getByTestId('camera-editor').waitFor({ state: 'detached' });
  });

  it('a rule requires a person in the driveway; one that could never alert is refused', async () => {
    await open('alerts');
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-form').waitFor();
    await page.getByTestId('rule-name').fill('Person in the drive');
    await page.getByTestId('rule-form').getByText('Porch', { exact: true }).click();
    await page.getByTestId('rule-form').getByText('Driveway').click();
    await page.getByTestId('rule-label-animal').check(); // Porch does not look for animals
    await page.getByTestId('rule-unconfirmed-skip').check();
    await page.getByTestId('rule-save').click();
    expect(await text('rule-error')).toContain('never alert');
    expect((await api<AlertsView>('GET', '/api/alerts')).config.rules).toEqual([]);

    await page.getByTestId('rule-label-animal').uncheck();
    await page.getByTestId('rule-label-person').check();
    expect(await page.getByTestId('rule-labels-warning').count()).toBe(0); // Porch looks for persons
    expect(await page.getByTestId('rule-error').count()).toBe(0); // changing the labels clears the refusal
    await page.getByTestId('rules').screenshot({ path: join(SHOTS, 'streamer-detection-rule-form.png') });
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-form').waitFor({ state: 'detached' });

    await page.reload();
    await page.getByTestId('nav-alerts').click();
    const rules = (await api<AlertsView>('GET', '/api/alerts')).config.rules;
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ cameras: ['porch'], zones: ['driveway'], labels: ['person'], unconfirmed: 'skip', channels: ['phone'] });
    const id = rules[0]!.id;
    await waitFor(() => text(`rule-summary-${id}`), (s) => s.includes('Person in Driveway (Porch) → Phone'), 10_000);
    await shot('rules');
    expect(pageErrors).toEqual([]);
  });

  it('the saved rule alerts for a person in the driveway, with what was seen in the caption', async () => {
    const photos = () => bot.calls.filter((c) => c.method === 'sendPhoto');
    const event = (labels?: Array<{ label: string; score: number }>) =>
      motionEvent({ camera: 'porch', cameraName: 'Porch', zones: [{ id: 'driveway', name: 'Driveway' }], ...(labels ? { labels: labels.map((l) => ({ ...l, box: [0.3, 0.4, 0.5, 0.9] as [number, number, number, number], zones: ['driveway'] })) } : {}) });
    expect((await engine.alerts.raise(event())).queued).toEqual([]); // unconfirmed: the rule skips it
    expect((await engine.alerts.raise(event([{ label: 'person', score: 0.824 }]))).queued).toHaveLength(1);
    await until(() => photos().length === 1, 10_000, 'the Telegram photo');
    expect(photos()[0]!.fields.caption).toMatch(/^Person at Porch \(82 %\)\nZones: Driveway\n/);
  });
});
