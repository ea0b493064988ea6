/**
 * Health alerts end to end, through the real SMTP server and the local Bot API server: the
 * GStreamer RTSP camera stopped longer than the threshold gives one "Porch is offline since HH:MM"
 * mail and message, started again one "Porch is back after …"; a blip shorter than the threshold
 * gives none; one byte changed in a closed segment is named by the background integrity check;
 * an engine restart sends nothing twice; recording on a full tmpfs mails the camera and the reason.
 * Thresholds are seconds here (production: minutes); no duration is asserted.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineConfigInput } from '@vigil/shared/engine-config';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { newest } from '../../apps/streamer/src/engine/health/integrity.ts';
import { startSmtp, type SmtpFixture } from '../fixtures/alerts/smtp.ts';
import { startBotApi, type BotFixture } from '../fixtures/alerts/telegram.ts';
import { requireRoot } from '../helpers/root.ts';
import { freePort } from '../helpers/ports.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';
import { until, waitFor } from '../helpers/wait.ts';

const USER = 'vigil@example.test';
const PASSWORD = 'health-e2e-password';
const TOKEN = '31337:AAHealthE2eTokenHealthE2eToken00';
const CHAT = '7';
const OFFLINE_SEC = 8;
const base = mkdtempSync(join(tmpdir(), 'vigil-health-e2e-'));
let smtp: SmtpFixture;
let bot: BotFixture;

beforeAll(async () => {
  smtp = await startSmtp(USER, PASSWORD);
  bot = await startBotApi(TOKEN, CHAT);
});
afterAll(async () => {
  await smtp?.close();
  await bot?.close();
  rmSync(base, { recursive: true, force: true });
});

/** Subjects of every mail received, unfolded. */
const subjects = () => smtp.mails.map((mail) => /^Subject: (.*)$/m.exec(mail.raw.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '');
/** First lines of every Telegram message. */
const messages = () => bot.calls.filter((call) => call.method === 'sendMessage').map((call) => (call.fields.text ?? '').split('\n')[0]!);
const count = (list: string[], pattern: RegExp) => list.filter((text) => pattern.test(text)).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts an engine in `dir` whose alerts go to both fixtures, with health thresholds in seconds. */
async function engineIn(dir: string, defaults: EngineConfigInput): Promise<Engine> {
  const engine = await startEngine({
    dataDir: dir, apiPort: 0, signalingPort: 0, signalingHost: '127.0.0.1', defaults,
    camera: { initialBackoffMs: 200, maxBackoffMs: 1_000, stallTimeoutMs: 2_000, recordRetryMs: 1_000 },
    health: { tickMs: 250, storageEveryMs: 5_000 },
  });
  await engine.alerts.update({
    channels: [
      { id: 'mail', type: 'email', name: 'Mail', host: '127.0.0.1', port: smtp.port, user: USER, password: PASSWORD, from: USER, to: ['owner@example.test'], ca: smtp.cert },
      { id: 'tg', type: 'telegram', name: 'Phone', chatId: CHAT, botToken: TOKEN, apiRoot: bot.apiRoot },
    ],
    health: { 'camera-offline': { delaySec: OFFLINE_SEC }, 'recording-failing': { delaySec: 2 }, integrityEverySec: 5, integritySegments: 100 },
  });
  return engine;
}

const stateOf = (engine: Engine) => engine.manager.states().find((s) => s.id === 'porch')?.state;

describe('a camera offline, back, a blip, a changed file, a restart', () => {
  const dir = join(base, 'porch');
  let rtsp: RtspServer;
  let engine: Engine;
  let port: number;
  const defaults = (url: string): EngineConfigInput => ({ cameras: [{ id: 'porch', name: 'Porch', source: { kind: 'rtsp', url }, recording: { mode: 'continuous', segmentSeconds: 2 } }] });

  beforeAll(async () => {
    port = await freePort();
    rtsp = await startRtspServer({ port, width: 320, height: 240, fps: 10, keyint: 10 });
    engine = await engineIn(dir, defaults(rtsp.url()));
    await until(() => stateOf(engine) === 'live', 30_000, 'Porch live');
  });
  afterAll(async () => {
    await engine?.stop();
    await rtsp?.stop();
  });

  it('a blip shorter than the threshold sends nothing', async () => {
    await rtsp.stop();
    await until(() => stateOf(engine) !== 'live', 15_000, 'Porch noticed gone');
    rtsp = await startRtspServer({ port, width: 320, height: 240, fps: 10, keyint: 10 });
    await until(() => stateOf(engine) === 'live', 30_000, 'Porch live again');
    // Time passing is the point: the threshold elapses after the blip and still nothing is sent.
    await sleep(OFFLINE_SEC * 1000 + 2_000);
    expect(count(subjects(), /Porch is (offline|back)/)).toBe(0);
    expect(count(messages(), /Porch is (offline|back)/)).toBe(0);
  });

  it('offline past the threshold: one "offline since HH:MM" alert; back: one "back after N" alert', async () => {
    await rtsp.stop();
    await waitFor(subjects, (list) => count(list, /^Porch is offline since \d\d:\d\d$/) === 1, 60_000, { what: 'the offline mail' });
    await waitFor(messages, (list) => count(list, /^Porch is offline since \d\d:\d\d$/) === 1, 30_000, { what: 'the offline Telegram message' });
    const problems = engine.health.problems().map((p) => p.message);
    expect(problems.some((m) => /^Porch is offline since \d\d:\d\d/.test(m))).toBe(true);
    rtsp = await startRtspServer({ port, width: 320, height: 240, fps: 10, keyint: 10 });
    await waitFor(subjects, (list) => count(list, /^Porch is back after \d+ (s|min)$/) === 1, 60_000, { what: 'the back mail' });
    await waitFor(messages, (list) => count(list, /^Porch is back after \d+ (s|min)$/) === 1, 30_000, { what: 'the back Telegram message' });
    expect(engine.health.problems().some((p) => p.kind === 'camera-offline')).toBe(false);
    expect(count(subjects(), /Porch is offline/)).toBe(1);
  });

  it('one byte changed in a closed segment: the background check names the file', async () => {
    const segments = await waitFor(() => engine.recording.list('porch'), (list) => list.length >= 3, 30_000, { what: 'three closed segments' });
    const target = newest(segments, 1)[0]!;
    const path = engine.recording.segmentPath('porch', target.file)!;
    const fd = openSync(path, 'r+');
    const byte = readFileSync(path)[2000]!;
    writeSync(fd, Buffer.from([byte ^ 0xff]), 0, 1, 2000);
    closeSync(fd);
    const named = (text: string) => text.includes(target.file) && /changed/.test(text);
    await waitFor(subjects, (list) => list.filter(named).length === 1, 30_000, { what: `a mail naming ${target.file}` });
    await waitFor(messages, (list) => list.filter(named).length === 1, 30_000, { what: `a Telegram message naming ${target.file}` });
    // The full check on demand finds it too, and alerts nothing new for a file already reported.
    const response = await fetch(`${engine.info.apiUrl}/api/system/integrity`, { method: 'POST', headers: { authorization: `Bearer ${engine.info.adminToken}` } });
    const report = (await response.json()) as { ok: boolean; problems: { kind: string; path: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems.filter((p) => p.kind === 'tampered').map((p) => p.path)).toEqual([path]);
  });

  it('nothing is sent twice across an engine restart', async () => {
    const before = { mails: subjects().length, messages: messages().length };
    await engine.stop();
    engine = await engineIn(dir, defaults(rtsp.url()));
    await until(() => stateOf(engine) === 'live', 30_000, 'Porch live after the restart');
    // Time passing is the point: two integrity passes and the offline threshold go by, and nothing repeats.
    await sleep(Math.max(OFFLINE_SEC, 10) * 1000 + 2_000);
    expect(subjects().length).toBe(before.mails);
    expect(messages().length).toBe(before.messages);
    expect(count(subjects(), /restarted after a crash/)).toBe(0);
    // The changed file is still listed on the System screen, in the alert's words.
    const view = (await (await fetch(`${engine.info.apiUrl}/api/system`, { headers: { authorization: `Bearer ${engine.info.adminToken}` } })).json()) as { problems: { source: string; message: string }[] };
    expect(view.problems.some((p) => p.source === 'integrity' && /^Recording file changed: porch_/.test(p.message))).toBe(true);
  });
});

describe('the weekly digest', () => {
  it('is off by default; switched on, it mails and messages each camera’s week', async () => {
    const dir = join(base, 'digest');
    const engine = await engineIn(dir, { cameras: [{ id: 'yard', name: 'Yard', source: { kind: 'test-pattern', width: 320, height: 240, fps: 10 }, recording: { mode: 'continuous', segmentSeconds: 2 } }] });
    try {
      await waitFor(() => engine.recording.list('yard'), (list) => list.length >= 1, 30_000, { what: 'a recorded segment' });
      expect(engine.alerts.config().health['weekly-digest'].enabled).toBe(false);
      const config = engine.alerts.config();
      await engine.alerts.update({ ...config, health: { ...config.health, 'weekly-digest': { enabled: true, delaySec: 0, muted: [] } } });
      await engine.health.sendDigest();
      const digest = /^Yard: recorded \d+ %, watched \d+ %, \d+ events?, \d+ alerts? sent, \d+ gaps?$/m;
      const mail = await waitFor(() => smtp.mails.find((m) => /^Subject: Vigil: your week$/m.test(m.raw)), Boolean, 30_000, { what: 'the digest mail' });
      expect(mail!.raw).toMatch(digest);
      const message = await waitFor(() => bot.calls.find((call) => call.method === 'sendMessage' && (call.fields.text ?? '').startsWith('Vigil: your week')), Boolean, 30_000, { what: 'the digest message' });
      expect(message!.fields.text).toMatch(digest);
      expect(engine.health.problems().some((p) => p.kind === 'weekly-digest')).toBe(false); // news, not a problem
    } finally {
      await engine.stop();
    }
  });
});

describe('recording on a full disk', () => {
  const dir = join(base, 'full');
  const mount = join(base, 'tmpfs');
  let engine: Engine | undefined;

  afterAll(async () => {
    await engine?.stop();
    try {
      execFileSync('umount', [mount]);
    } catch {
      // not mounted: the test failed before
    }
  });

  it('mails the camera and the reason', async () => {
    requireRoot('it mounts a small tmpfs as the recordings disk and fills it');
    mkdirSync(mount, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
    // Fill the disk to the last byte before the engine starts: there is nothing of its own to evict.
    try {
      writeFileSync(join(mount, 'filler'), Buffer.alloc(4 * 1024 * 1024));
    } catch {
      // ENOSPC: the disk is full, as wanted
    }
    engine = await engineIn(dir, {
      recording: { root: mount, minFreeBytes: 0 },
      cameras: [{ id: 'garage', name: 'Garage', source: { kind: 'test-pattern', width: 320, height: 240, fps: 10 }, recording: { mode: 'continuous', segmentSeconds: 2 } }],
    });
    const failing = /^Recording fails on Garage since \d\d:\d\d$/;
    const mail = await waitFor(() => smtp.mails.find((m) => failing.test(/^Subject: (.*)$/m.exec(m.raw.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '')), Boolean, 60_000, { what: 'the recording-failing mail' });
    expect(mail!.raw).toMatch(/space|full/i);
    await waitFor(() => bot.calls.filter((call) => call.method === 'sendMessage' && failing.test((call.fields.text ?? '').split('\n')[0]!)), (list) => list.length === 1, 30_000, { what: 'the recording-failing Telegram message' });
  });
});
