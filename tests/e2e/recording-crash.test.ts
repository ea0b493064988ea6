/**
 * kill -9 mid-segment: a recording engine in a child process is SIGKILLed while a segment is
 * open, and its ffmpeg dies with it (parent-death signal), so nothing gets to close a file. Every closed segment decodes
 * without an error, the open one plays up to its last fragment, at most about a second of video is
 * lost, and after a restart the manifest holds the open segment as `recovered` and verifies.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { probePackets } from '../../apps/streamer/src/engine/recording/probe.ts';
import { verifyPath } from '../../apps/streamer/src/engine/recording/verify.ts';
import { childrenOf, procInfo } from '../helpers/procs.ts';
import { waitFor } from '../helpers/wait.ts';

const CHILD = fileURLToPath(new URL('../../bench/recording/recorder-child.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vigil-rec-crash-'));
const camera = { id: 'crash', name: 'Crash', source: { kind: 'test-pattern', width: 320, height: 240, fps: 15 }, recording: { mode: 'continuous', segmentSeconds: 4 } };
const dir = join(root, 'crash');
const children: ChildProcess[] = [];

function startEngine(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ root, camera, pollMs: 200 })], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

function manifest(): Array<{ type: string; file: string; recovered?: boolean; start: number; end: number }> {
  try {
    return readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

const segments = () => readdirSync(dir).filter((name) => name.endsWith('.mp4')).sort();

async function until<T>(read: () => T, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  return waitFor(read, ok, timeoutMs, { every: 100 });
}

/** ffmpeg's errors when decoding a whole file (empty when it decodes cleanly). */
function decodeErrors(file: string): string {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return `${result.stderr}${result.status === 0 ? '' : ` (exit ${result.status})`}`.trim();
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('recording survives kill -9', () => {
  it('loses at most about one fragment and recovers the open segment on restart', async () => {
    const engine = startEngine();
    await until(() => manifest().length, (count) => count >= 2);
    // Mid-segment: 2.5 s into a 4 s segment.
    const opened = await until(() => segments().filter((name) => !manifest().some((entry) => entry.file === name)), (open) => open.length === 1);
    const openFile = join(dir, opened[0]!);
    await until(() => Date.now() - statSync(openFile).birthtimeMs, (age) => age >= 2500);
    const ffmpeg = childrenOf(engine.pid!).filter((child) => child.comm === 'ffmpeg');
    expect(ffmpeg).toHaveLength(1);
    // Only the engine is killed; its ffmpeg (in its own process group) dies with it through its
    // parent-death signal instead of living on as an orphan that writes segments nobody closes.
    engine.kill('SIGKILL');
    const killedAt = Date.now();
    await until(() => procInfo(ffmpeg[0]!.pid), (info) => info === undefined || info.state === 'Z', 2000);

    const closed = manifest().filter((entry) => entry.type === 'segment');
    for (const entry of closed) expect(decodeErrors(join(dir, entry.file)), entry.file).toBe('');
    const open = await probePackets('ffmpeg', openFile);
    console.log(`open segment decode: ${decodeErrors(openFile) || 'no errors'}`);
    expect(open.durationMs).toBeGreaterThan(1000);
    // Everything ffmpeg wrote before the kill is there: recorded time vs the time it ran.
    const firstBorn = statSync(join(dir, segments()[0]!)).birthtimeMs;
    let recordedMs = open.durationMs;
    for (const entry of closed) recordedMs += (await probePackets('ffmpeg', join(dir, entry.file))).durationMs;
    const lostMs = killedAt - firstBorn - recordedMs;
    console.log(`kill -9: ${closed.length} closed segments, open one readable for ${open.durationMs} ms, ${lostMs} ms lost`);
    expect(lostMs).toBeLessThanOrEqual(1300);

    const restarted = startEngine();
    await until(() => manifest().some((entry) => entry.file === opened[0] && entry.recovered === true), Boolean);
    const live = await verifyPath(dir, { ffmpegPath: 'ffmpeg', live: true });
    expect(live.problems).toEqual([]);
    restarted.kill('SIGTERM');
    await new Promise((resolve) => restarted.once('exit', resolve));
    const report = await verifyPath(root, { ffmpegPath: 'ffmpeg' });
    expect(report.problems).toEqual([]);
    expect(report.verified).toBeGreaterThanOrEqual(closed.length + 1);
  });
});
