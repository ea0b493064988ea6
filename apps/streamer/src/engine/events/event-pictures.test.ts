// The motion bus with colour snapshots: real GOPs (libx264 → RTP → LiveFeed), real ffmpeg decodes.
import { beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { MotionEvent, MotionTransition } from '@vigil/shared/motion';
import { recordGop } from './gop-fixture.ts';
import type { EventFrame } from '../detection/service.ts';
import type { MotionResult } from '../motion/index.ts';
import { createColourSnapshots } from './colour-snapshot.ts';
import { jpegSize } from './jpeg.ts';
import { createMotionBus } from './motion-bus.ts';

let gop: Buffer[];
beforeAll(async () => void (gop = await recordGop({ width: 640, height: 360 })), 60_000);

const gray = { width: 64, height: 36, data: new Uint8Array(64 * 36).fill(90) };
const event: MotionEvent = { id: 'e1', camera: 'porch', zones: [], start: 1000, peakArea: 0.05, boxes: [{ x: 0.1, y: 0.1, w: 0.1, h: 0.1 }], snapshotFrame: 0, preRollMs: 0, postRollMs: 0 };
const result = (fraction: number, boxes: number[]): MotionResult => ({ camera: 'porch', at: Date.now(), index: 0, boxes, fraction, moving: true, relearning: false, gain: 1, busyMs: 1 });

/** A bus whose camera has `packets` cached; records what was raised, detected and logged. */
function setUp(packets: () => Buffer[], peakIntervalMs = 60_000, peaks?: (camera: string) => boolean) {
  const raised: { type: string; jpeg?: Buffer }[] = [];
  const detected: { type: string; frame?: EventFrame }[] = [];
  const logs: string[] = [];
  let decodes = 0;
  const snapshots = createColourSnapshots({ timeoutMs: 20_000, gopOf: packets });
  const bus = createMotionBus({
    sessionsOf: () => [],
    raise: async (t, jpeg) => void raised.push({ type: t.type, jpeg }),
    // One label per call: each end result is "new", so the end is raised too.
    detect: async (t, frame) => (detected.push({ type: t.type, frame }), [{ label: 'person', score: 0.9, box: [0, 0, 1, 1] }]),
    // Counted as asked: a capture asked while a decode runs shares it (colour-snapshot.test.ts).
    colour: { capture: (camera) => (decodes++, snapshots.capture(camera)) },
    peakIntervalMs,
    ...(peaks ? { peaks } : {}),
    log: (m) => logs.push(m),
  });
  return { bus, raised, detected, logs, decodes: () => decodes };
}

describe('event pictures', () => {
  it('alerts and detects on the same colour picture at the camera resolution, with the boxes of what moved then', async () => {
    const { bus, raised, detected, logs } = setUp(() => gop);
    bus.result(result(0.02, [0.5, 0.25, 0.1, 0.5]));
    await bus.transition({ type: 'start', event }, gray);
    expect(raised).toHaveLength(1);
    expect(jpegSize(raised[0]!.jpeg!)).toEqual({ width: 640, height: 360, components: 3 });
    const frame = detected[0]!.frame!;
    expect([frame.width, frame.height, frame.channels, frame.data.length]).toEqual([640, 360, 3, 640 * 360 * 3]);
    expect(frame.boxes).toEqual([{ x: 0.5, y: 0.25, w: 0.1, h: 0.5 }]);
    expect(logs).toEqual([]);
  }, 30_000);

  it('falls back to the gray motion frame on a corrupt GOP, logs why, and still raises the alert', async () => {
    const corrupt = () => gop.map((packet) => Buffer.concat([packet.subarray(0, 12), Buffer.alloc(packet.length - 12, 0x5a)]));
    const { bus, raised, detected, logs } = setUp(corrupt);
    await bus.transition({ type: 'start', event }, gray);
    expect(raised).toHaveLength(1);
    expect(jpegSize(raised[0]!.jpeg!)).toMatchObject({ width: 64, height: 36 }); // the gray frame's size
    expect(detected[0]!.frame).toMatchObject({ width: 64, height: 36 });
    expect(detected[0]!.frame!.channels ?? 1).toBe(1);
    expect(logs.join('\n')).toMatch(/porch: colour snapshot unavailable \((decoding the GOP failed|no complete picture).*gray motion frame is used/);
    // No GOP cached yet (a camera that just started): the same fallback, with that reason.
    const empty = setUp(() => []);
    await empty.bus.transition({ type: 'start', event: { ...event, id: 'e2' } }, gray);
    expect(empty.raised).toHaveLength(1);
    expect(empty.logs.join('\n')).toMatch(/no GOP cached/);
  }, 30_000);

  it('takes a busier picture during the event at most once per interval, and the end uses it', async () => {
    // The interval is read from Date.now(): a fake clock steps over it instead of sleeping. Timers
    // stay real (the decodes are ffmpeg processes).
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => void vi.useRealTimers());
    const { bus, raised, detected, decodes } = setUp(() => gop, 300);
    bus.result(result(0.01, [0.1, 0.1, 0.05, 0.05]));
    const start = bus.transition({ type: 'start', event }, gray);
    bus.result(result(0.2, [0.2, 0.2, 0.3, 0.3])); // busier, but within the interval: no decode
    expect(decodes()).toBe(1);
    await start;
    vi.setSystemTime(Date.now() + 350);
    bus.result(result(0.1, [0.9, 0.9, 0.05, 0.05])); // interval over, busier than the start's 0.01: captured
    bus.result(result(0.3, [0.3, 0.3, 0.4, 0.4])); // busier, but within the new interval
    expect(decodes()).toBe(2);
    vi.setSystemTime(Date.now() + 350);
    bus.result(result(0.05, [0.5, 0.5, 0.05, 0.05])); // interval over, but not busier than 0.1: no decode
    expect(decodes()).toBe(2);
    bus.result(result(0.4, [0.25, 0.2, 0.5, 0.6])); // busier: captured
    expect(decodes()).toBe(3);
    const end: MotionTransition = { type: 'end', event: { ...event, end: 5000 } };
    await bus.transition(end, gray);
    const last = detected.at(-1)!;
    expect(last.type).toBe('end');
    expect(last.frame).toMatchObject({ width: 640, height: 360, channels: 3, boxes: [{ x: 0.25, y: 0.2, w: 0.5, h: 0.6 }] });
    expect(jpegSize(raised.at(-1)!.jpeg!)).toMatchObject({ width: 640, components: 3 });
    // No event open: results decode nothing.
    bus.result(result(0.9, [0, 0, 1, 1]));
    expect(decodes()).toBe(3);
  }, 30_000);

  it('takes no busier pictures for a camera that does not want them (no detector to look at them)', async () => {
    const { bus, decodes } = setUp(() => gop, 0, (camera) => camera !== 'porch');
    await bus.transition({ type: 'start', event }, gray);
    bus.result(result(0.5, [0.2, 0.2, 0.5, 0.5]));
    expect(decodes()).toBe(1); // the start's picture only
  }, 30_000);
});
