// Colour event snapshots on the real path: a GStreamer RTSP camera (an orange ball moving over a
// blue background, 960×540) → the engine's ffmpeg (live copy + gray motion frames) → motion event
// → the live feed's GOP decoded in colour → the alert's photo at a local Telegram Bot API server.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../apps/streamer/src/engine/engine.ts';
import { decodeImage } from '../../apps/streamer/src/engine/detection/decode.ts';
import { jpegSize } from '../../apps/streamer/src/engine/events/jpeg.ts';
import { until } from '../fixtures/alerts/events.ts';
import { startBotApi, type BotFixture } from '../fixtures/alerts/telegram.ts';
import { startRtspServer, type RtspServer } from '../helpers/rtsp-server.ts';

const TOKEN = '31337:AASnapshotE2eTokenSnapshotE2eTok';
const CHAT = '4242';
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

let dir: string;
let camera: RtspServer;
let bot: BotFixture;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-snapshots-e2e-'));
  [camera, bot] = await Promise.all([startRtspServer({ scene: 'colour-ball', width: 960, height: 540, fps: 10, keyint: 10 }), startBotApi(TOKEN, CHAT)]);
  engine = await startEngine({
    dataDir: dir,
    apiPort: 0,
    signalingPort: 0,
    signalingHost: '127.0.0.1',
    // Generous for a loaded CI machine: a decode that times out falls back to gray, which this test would report.
    snapshots: { timeoutMs: 20_000 },
    defaults: { cameras: [{ id: 'garden', name: 'Garden', source: { kind: 'rtsp', url: camera.url() }, motion: { enabled: true, fps: 8, startFrames: 3, endQuietSeconds: 1 } }] },
  });
  await engine.alerts.update({
    channels: [{ id: 'tg', type: 'telegram', name: 'Phone', chatId: CHAT, botToken: TOKEN, apiRoot: bot.apiRoot }],
    rules: [{ id: 'all', channels: ['tg'], cooldownSec: 0 }],
  });
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await Promise.all([camera?.stop(), bot?.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('colour event snapshots', () => {
  it("a moving object's alert carries a colour photo at the camera's resolution", async () => {
    await until(() => bot.calls.some((call) => call.method === 'sendPhoto'), 45_000, 'a Telegram photo');
    const call = bot.calls.find((c) => c.method === 'sendPhoto')!;
    const photo = Object.values(call.files)[0]!;
    expect(photo.type).toMatch(/jpeg/);
    expect(jpegSize(photo.bytes)).toEqual({ width: 960, height: 540, components: 3 });
    await mkdir(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, 'alert-snapshot.jpg');
    await writeFile(file, photo.bytes);
    // Decoded back: a blue background with an orange ball, not gray (the motion frames' look).
    const picture = await decodeImage(file);
    let blue = 0, orange = 0;
    for (let i = 0; i < picture.data.length; i += 3) {
      const [r, g, b] = [picture.data[i]!, picture.data[i + 1]!, picture.data[i + 2]!];
      if (b > r + 60 && b > g + 30) blue++;
      else if (r > b + 100 && r > g + 40) orange++;
    }
    const pixels = picture.width * picture.height;
    expect(blue / pixels).toBeGreaterThan(0.5);
    expect(orange / pixels).toBeGreaterThan(0.002); // the ball
  }, 60_000);
});
