/**
 * Talk-back latency on loopback: Opus RTP as a browser sends it (ffmpeg: 2 s of silence, then a
 * 1 kHz tone, paced in real time) → the engine's talk service (permission check, Opus → G.711
 * transcoder, ONVIF backchannel over RTSP) → GStreamer's ONVIF RTSP server, whose backchannel
 * writes what it receives to a file polled every 2 ms. Two figures per run:
 *   first sound: the first packet pushed → the first bytes at the camera (opens the backchannel
 *     and starts the transcoder: what a person waits for after pressing the button);
 *   onset: the packet where the tone starts is pushed → the tone's first loud sample at the camera
 *     (the steady path while talking).
 * Browser capture and WebRTC jitter buffering are not included (they add about 20-60 ms).
 *
 *   npx tsx bench/audio/talk.ts [--runs 5]
 *
 * Target: ≤ 300 ms mic → camera on loopback.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTalkService } from '../../apps/streamer/src/engine/talk/service.ts';
import { startRtspServer, stopChild } from '../../tests/helpers/rtsp-server.ts';
import { percentile, sleep } from '../live/support.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const ONSET_S = 2;
const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-talk-'));

/** Polls the camera's file; resolves the time its first bytes and its first loud sample appeared. */
function watch(file: string, from: number): { firstBytes: Promise<number>; firstLoud: Promise<number>; stop(): void } {
  let bytesAt = 0;
  let loudAt = 0;
  let offset = from;
  const timer = setInterval(() => {
    const size = (() => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    })();
    if (size > offset && !bytesAt) bytesAt = performance.now();
    if (size > offset) {
      const fd = openSync(file, 'r');
      const chunk = Buffer.alloc(size - offset);
      readSync(fd, chunk, 0, chunk.length, offset);
      closeSync(fd);
      for (let i = 0; i + 1 < chunk.length; i += 2) if (!loudAt && Math.abs(chunk.readInt16LE(i)) > 4000) loudAt = performance.now();
      offset = size - (size % 2);
    }
  }, 2);
  const when = (read: () => number) => new Promise<number>((resolve) => { const t = setInterval(() => read() && (clearInterval(t), resolve(read())), 2); });
  return { firstBytes: when(() => bytesAt), firstLoud: when(() => loudAt), stop: () => clearInterval(timer) };
}

const first: number[] = [];
const onset: number[] = [];
for (let run = 0; run < Number(values.runs); run++) {
  const speaker = join(dir, `speaker-${run}.raw`);
  const camera = await startRtspServer({ backchannel: speaker, width: 320, height: 180 });
  const talk = createTalkService({ ffmpegPath: 'ffmpeg', sink: () => ({ kind: 'backchannel', url: camera.url() }), mayTalk: () => true, viewerName: () => 'bench' }, { idleMs: 2000 });
  const line = talk.line('cam', 'viewer', () => undefined)!;
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const seen = watch(speaker, 0);
  let firstPushAt = 0;
  let onsetPushAt = 0;
  let firstTimestamp: number | undefined;
  socket.on('message', (packet) => {
    if (packet[1]! >= 192 && packet[1]! <= 223) return; // RTCP
    const timestamp = packet.readUInt32BE(4);
    firstTimestamp ??= timestamp;
    firstPushAt ||= performance.now();
    if (!onsetPushAt && ((timestamp - firstTimestamp) >>> 0) >= ONSET_S * 48_000) onsetPushAt = performance.now();
    line.push(packet);
  });
  const source = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', `aevalsrc=if(gte(t\\,${ONSET_S})\\,0.5*sin(2*PI*1000*t)\\,0):s=48000`, '-t', String(ONSET_S + 2), '-c:a', 'libopus', '-application', 'lowdelay', '-frame_duration', '20', '-payload_type', '111', '-f', 'rtp', `rtp://127.0.0.1:${socket.address().port}`], { stdio: 'ignore' });
  const [bytesAt, loudAt] = await Promise.all([seen.firstBytes, seen.firstLoud]);
  first.push(bytesAt - firstPushAt);
  onset.push(loudAt - onsetPushAt);
  seen.stop();
  await stopChild(source);
  socket.close();
  line.close();
  await talk.stop();
  await camera.stop();
  await sleep(200);
}
console.log(`talk-back latency on loopback, ${first.length} runs, load ${loadavg()[0]!.toFixed(1)}`);
console.log(`  first sound after pressing (backchannel opened, transcoder started): median ${percentile(first, 50).toFixed(0)} ms, max ${Math.max(...first).toFixed(0)} ms`);
console.log(`  while talking, tone onset pushed → heard at the camera: median ${percentile(onset, 50).toFixed(0)} ms, max ${Math.max(...onset).toFixed(0)} ms — target ≤ 300 ms`);
await rm(dir, { recursive: true, force: true });
