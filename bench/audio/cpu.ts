/**
 * CPU of a camera's sound: the camera's one ffmpeg (as the engine builds it: live RTP, recorded
 * segments) with and without its audio, for a camera sending AAC (Opus encoded once for live,
 * AAC copied into recordings), G.711 A-law (both encoded) and Opus (copied live, AAC encoded).
 * The video-only run of the same camera is the reference, measured in the same run.
 *
 *   npx tsx bench/audio/cpu.ts [--seconds 20]
 *
 * Figures: ffmpeg's user+sys ticks from /proc over the window, as % of one core; the GStreamer
 * camera's CPU is not counted. Target: sound adds at most a few % of one core per camera.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { audioPlan, liveAudioOutput } from '../../apps/streamer/src/engine/ffmpeg/audio.ts';
import { liveOutput } from '../../apps/streamer/src/engine/ffmpeg/outputs.ts';
import { buildPipeline } from '../../apps/streamer/src/engine/ffmpeg/pipeline.ts';
import { spawnFfmpeg } from '../../apps/streamer/src/engine/ffmpeg/process.ts';
import { inputForSource } from '../../apps/streamer/src/engine/ffmpeg/sources.ts';
import { startRtspServer } from '../../tests/helpers/rtsp-server.ts';
import { CLOCK_TICKS, procFigures, sleep } from '../live/support.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' } } });
const seconds = Number(values.seconds);
const WARMUP_MS = 3000;

/** CPU % of one core of ffmpeg recording and sending a camera, with or without its sound. */
async function measure(url: string, codec: string, sound: boolean, dir: string): Promise<number> {
  const input = inputForSource({ kind: 'rtsp', url, transport: 'tcp' });
  const plan = sound ? audioPlan(codec) : audioPlan(undefined);
  const clockUs = Date.now() * 1000;
  const record = { pattern: join(dir, `${codec}-${sound}-%Y%m%dT%H%M%SZ.mp4`), listFile: join(dir, `${codec}-${sound}.csv`), segmentSeconds: 10, audio: plan.record };
  // Ports nobody listens on: ffmpeg sends the same packets whether or not they are read.
  const outputs = [liveOutput(40_000, 0, { encode: false, clockUs: sound ? clockUs : undefined }, 'live', record)];
  if (sound) outputs.push(liveAudioOutput(40_002, 0, plan.live, clockUs));
  const proc = spawnFfmpeg(buildPipeline('ffmpeg', [input], outputs));
  try {
    await sleep(WARMUP_MS);
    const before = procFigures(proc.pid!).ticks;
    await sleep(seconds * 1000);
    return ((procFigures(proc.pid!).ticks - before) / CLOCK_TICKS / seconds) * 100;
  } finally {
    await proc.stop();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-audio-'));
console.log(`audio CPU per camera (640x360 H.264 800 kbit/s copied + a 440 Hz tone), ${seconds} s windows, load ${loadavg()[0]!.toFixed(1)}`);
for (const codec of ['aac', 'pcma', 'opus'] as const) {
  const camera = await startRtspServer({ audio: codec });
  try {
    const name = codec === 'pcma' ? 'pcm_alaw' : codec;
    const video = await measure(camera.url(), name, false, dir);
    const withSound = await measure(camera.url(), name, true, dir);
    const plan = audioPlan(name);
    console.log(`  ${codec.padEnd(4)} live Opus ${plan.live.padEnd(6)} record AAC ${plan.record.padEnd(6)}: ffmpeg ${withSound.toFixed(1)} % of a core with sound, ${video.toFixed(1)} % video only (reference) → sound adds ${(withSound - video).toFixed(1)} %`);
  } finally {
    await camera.stop();
  }
}
await rm(dir, { recursive: true, force: true });
