/**
 * Supervision leaves nothing behind: ffmpeg killed and restarted 100 times, cameras added and
 * removed, the manager started and stopped; afterwards no child process (zombie or not), no UDP
 * socket, pipe or timer of the engine remains.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCameraManager, type CameraManager } from '../../apps/streamer/src/engine/camera/index.ts';
import { childrenOf } from '../helpers/procs.ts';
import { waitFor } from '../helpers/chromium.ts';

const PATTERN = { kind: 'test-pattern', width: 160, height: 120, fps: 15 } as const;
const FAST = { initialBackoffMs: 5, maxBackoffMs: 20, killGraceMs: 500 };

function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

function ffmpegChildren(): number[] {
  return childrenOf(process.pid).filter((child) => child.comm === 'ffmpeg').map((child) => child.pid);
}

async function waitLive(manager: CameraManager, id: string, notPid?: number): Promise<number> {
  const pids = await waitFor(
    async () => ({ live: manager.states().find((state) => state.id === id)?.state === 'live', pids: ffmpegChildren() }),
    (value) => value.live && value.pids.length === 1 && value.pids[0] !== notPid,
    10_000,
    { every: 20 },
  );
  expect(pids.live).toBe(true);
  return pids.pids[0]!;
}

/** The engine's handles once nothing changes between two reads and no child process is left. */
async function settled(): Promise<Record<string, number>> {
  let previous = '';
  const state = await waitFor(
    async () => {
      const now = { children: childrenOf(process.pid), resources: resources() };
      const stable = JSON.stringify(now.resources) === previous;
      previous = JSON.stringify(now.resources);
      return { ...now, stable };
    },
    (value) => value.stable && value.children.length === 0,
    10_000,
    { every: 100, what: 'no child process and the same handles twice in a row' },
  );
  return state.resources;
}

/** Waits until no child process remains and the handles are back to `baseline`. */
async function released(baseline: Record<string, number>): Promise<void> {
  const state = await waitFor(
    async () => ({ children: childrenOf(process.pid), resources: resources() }),
    (value) => value.children.length === 0 && isDeepStrictEqual(value.resources, baseline),
    10_000,
    { every: 50, what: `no child process and the handles of before: ${JSON.stringify(baseline)}` },
  );
  expect(state.children).toEqual([]);
  expect(state.resources).toEqual(baseline);
}

describe('supervision cycles', () => {
  it('survives 100 ffmpeg kills and leaks no process, socket or timer', async () => {
    const baseline = await settled();
    const manager = createCameraManager(FAST);
    await manager.start();
    await manager.upsert({ id: 'cycle', name: 'Cycle', source: PATTERN });
    let pid = await waitLive(manager, 'cycle');
    for (let cycle = 0; cycle < 100; cycle++) {
      process.kill(pid, 'SIGKILL');
      pid = await waitLive(manager, 'cycle', pid);
    }
    expect(manager.states()[0]?.restarts).toBeGreaterThanOrEqual(100);
    expect(manager.stats('cycle')?.fps).toBeGreaterThan(0);
    await manager.stop();
    await released(baseline);
  });

  it('keeps ffmpeg running when only the name or site changes, restarts it for a new picture size', async () => {
    const manager = createCameraManager(FAST);
    await manager.start();
    try {
      await manager.upsert({ id: 'meta', name: 'Porch', source: PATTERN });
      const pid = await waitLive(manager, 'meta');
      await manager.upsert({ id: 'meta', name: 'Front porch', site: 'Home', source: PATTERN });
      // Lets time pass on purpose: a restart, were there one, would replace the pid within it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ffmpegChildren()).toEqual([pid]);
      await manager.upsert({ id: 'meta', name: 'Front porch', site: 'Home', source: { ...PATTERN, width: 320, height: 240 } });
      expect(await waitLive(manager, 'meta', pid)).not.toBe(pid);
    } finally {
      await manager.stop();
    }
  });

  it('adds and removes cameras and restarts the manager without leaks', async () => {
    const baseline = await settled();
    const manager = createCameraManager(FAST);
    await manager.start();
    for (let round = 0; round < 20; round++) {
      await manager.upsert({ id: `cam-${round % 3}`, name: 'Churn', source: PATTERN });
      if (round % 2 === 1) await manager.remove(`cam-${(round + 1) % 3}`);
    }
    for (let round = 0; round < 10; round++) {
      await manager.stop();
      await manager.start();
    }
    await waitFor(async () => manager.states(), (states) => states.every((state) => state.state === 'live'), 10_000);
    await manager.stop();
    await released(baseline);
  });
});
