import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CameraState } from '@vigil/shared/config';
import { LiveFeed } from '../live/feed.ts';
import { CameraSupervisor } from './supervisor.ts';

// Fake ffmpeg binaries: each prints what a real ffmpeg prints in one failure, then behaves.
const dir = mkdtempSync(join(tmpdir(), 'vigil-fake-ffmpeg-'));
function fake(name: string, script: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}
const unauthorized = fake('401', `echo "[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized" >&2; exit 1`);
const refused = fake('refused', `echo "[tcp @ 0x1] Connection to tcp://10.0.0.9:554 failed: Connection refused" >&2; exit 1`);
const hevc = fake('hevc', `echo "Input #0, rtsp, from 'rtsp://***@cam/':" >&2; echo "  Stream #0:0: Video: hevc (Main), yuv420p, 1920x1080" >&2; sleep 5`);
const silent = fake('silent', 'exec sleep 30');

const source = { kind: 'rtsp', url: 'rtsp://admin:pw@cam/stream', transport: 'tcp' } as const;
const running: Array<{ supervisor: CameraSupervisor; feed: LiveFeed }> = [];

async function supervise(ffmpegPath: string, extra: Record<string, number> = {}) {
  const feed = new LiveFeed();
  await feed.start();
  const states: CameraState[] = [];
  const supervisor = new CameraSupervisor({ id: 'cam', name: 'Cam', enabled: true, source }, { main: feed }, { ffmpegPath, initialBackoffMs: 20, maxBackoffMs: 40, ...extra }, (state) => states.push(state));
  running.push({ supervisor, feed });
  supervisor.start();
  return { supervisor, states, feed };
}


/** Polls until check() holds; throws naming the check when timeoutMs passes. */
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterEach(async () => {
  for (const { supervisor, feed } of running.splice(0)) {
    await supervisor.stop();
    await feed.stop();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CameraSupervisor', () => {
  it('fails on refused credentials without retrying (cameras lock accounts)', async () => {
    const { supervisor, states } = await supervise(unauthorized);
    await until(() => supervisor.state.state === 'failed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(supervisor.state).toMatchObject({ state: 'failed', reason: 'auth', restarts: 0 });
    expect(states.map((state) => state.state)).toEqual(['starting', 'failed']);
  });

  it('keeps retrying an unreachable camera with backoff', async () => {
    const { supervisor } = await supervise(refused);
    await until(() => supervisor.state.restarts >= 3);
    expect(supervisor.state).toMatchObject({ state: 'reconnecting', reason: 'unreachable' });
    expect(supervisor.lastError).toMatch(/cannot be reached/);
  });

  it('copies H.265 and tells the feed its packets carry H.265', async () => {
    const { supervisor, feed } = await supervise(hevc);
    expect(feed.codec).toBe('h264');
    await until(() => feed.codec === 'h265');
    expect(supervisor.state.state).not.toBe('failed');
    expect(supervisor.pid).toBeDefined();
  });

  it('kills and restarts a process that never sends video', async () => {
    const { supervisor } = await supervise(silent, { startTimeoutMs: 300, killGraceMs: 200 });
    const firstPid = await (async () => {
      await until(() => supervisor.pid !== undefined);
      return supervisor.pid;
    })();
    await until(() => supervisor.state.state === 'reconnecting');
    expect(supervisor.state).toMatchObject({ reason: 'stalled' });
    await until(() => supervisor.pid !== undefined && supervisor.pid !== firstPid);
    expect(() => process.kill(firstPid!, 0)).toThrow();
  });

  it('never puts credentials in the command it reports', async () => {
    const { supervisor } = await supervise(refused);
    await until(() => supervisor.pipeline !== undefined);
    expect(supervisor.pipeline?.redactedArgs.join(' ')).toContain('rtsp://***@cam/stream');
    expect(supervisor.pipeline?.redactedArgs.join(' ')).not.toContain('pw');
  });
});
