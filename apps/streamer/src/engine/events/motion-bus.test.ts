import { describe, expect, it } from 'vitest';
import type { MotionTransition } from '@vigil/shared/motion';
import { createMotionBus } from './motion-bus.ts';
import { grayToJpeg } from './jpeg.ts';

const gray = (width: number, height: number) => ({ width, height, data: Uint8Array.from({ length: width * height }, (_, i) => (i * 7) & 0xff) });

describe('motion bus', () => {
  it('encodes a gray snapshot as a real JPEG', async () => {
    const jpeg = await grayToJpeg(gray(64, 48));
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    await expect(grayToJpeg({ width: 64, height: 48, data: new Uint8Array(10) })).rejects.toThrow(/snapshot encoding failed/);
  });

  it('throttles boxes to viewers, clears overlays, and raises alerts with the snapshot', async () => {
    const sent: { type: string }[] = [];
    const raised: { type: string; jpeg: number }[] = [];
    const bus = createMotionBus({
      sessionsOf: (camera) => (camera === 'porch' ? [{ sendEvent: (e) => sent.push(e as { type: string }) }] : []),
      raise: async (t, jpeg) => void raised.push({ type: t.type, jpeg: jpeg?.length ?? 0 }),
    });
    const result = (at: number, moving: boolean) => ({ camera: 'porch', at, index: at, boxes: moving ? [0.1, 0.1, 0.2, 0.2] : [], fraction: 0, moving, relearning: false, gain: 1, busyMs: 1 });
    for (let at = 1000; at < 2000; at += 100) bus.result(result(at, true)); // 10 frames in 1 s
    expect(sent.filter((e) => e.type === 'motion-boxes')).toHaveLength(5);
    bus.result(result(2000, false));
    bus.result(result(2100, false));
    expect(sent.filter((e) => e.type === 'motion-boxes')).toHaveLength(6); // one clear, then quiet

    const event = { id: 'e1', camera: 'porch', zones: [], start: 1000, peakArea: 0.1, boxes: [], snapshotFrame: 0, preRollMs: 0, postRollMs: 0 };
    await bus.transition({ type: 'start', event } as unknown as MotionTransition, gray(64, 48));
    await bus.transition({ type: 'end', event: { ...event, end: 3000 } } as unknown as MotionTransition);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.type).toBe('start');
    expect(raised[0]!.jpeg).toBeGreaterThan(100);
    expect(sent.map((e) => e.type)).toContain('motion-end');
  });
});
