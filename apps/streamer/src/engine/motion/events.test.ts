import { describe, expect, it } from 'vitest';
import { MotionEvents, type FrameSummary } from './events.ts';

const boxes = new Int32Array([10, 10, 19, 29]);
const frame = (at: number, moving: boolean, area = 0.01, zoneBits = 0): FrameSummary => ({
  at, index: at / 100, moving, areaFraction: moving ? area : 0, zoneBits, boxes, boxCount: moving ? 1 : 0, width: 100, height: 100,
});

describe('MotionEvents', () => {
  it('starts after N consecutive moving frames and ends after M quiet seconds', () => {
    const events = new MotionEvents({ camera: 'cam', zoneIds: ['door', 'yard'], startFrames: 3, endQuietMs: 1000, preRollMs: 2000, postRollMs: 4000 });
    const seen = [];
    const input = [frame(0, true), frame(100, false), frame(200, true), frame(300, true, 0.05, 1), frame(400, true), frame(500, true, 0.02, 2)];
    for (let t = 600; t <= 1600; t += 100) input.push(frame(t, false));
    for (const f of input) {
      const t = events.update(f);
      if (t) seen.push(t);
    }
    expect(seen.map((t) => t.type)).toEqual(['start', 'update', 'end']);
    const start = seen[0]!.event;
    expect(start.start).toBe(200); // the first of the three consecutive frames
    expect(start.zones).toEqual(['door']);
    const end = seen[2]!.event;
    expect(end.id).toBe(start.id);
    expect(end.end).toBe(500);
    expect(end.zones).toEqual(['door', 'yard']);
    expect(end.peakArea).toBe(0.05);
    expect(end.snapshotFrame).toBe(3);
    expect(end.boxes).toEqual([{ x: 0.1, y: 0.1, w: 0.1, h: 0.2 }]);
    expect([end.preRollMs, end.postRollMs]).toEqual([2000, 4000]);
  });

  it('never starts on isolated moving frames', () => {
    const events = new MotionEvents({ camera: 'cam', startFrames: 2 });
    for (let t = 0; t < 5000; t += 100) expect(events.update(frame(t, t % 200 === 0))).toBeUndefined();
  });

  it('flushes an open event', () => {
    const events = new MotionEvents({ camera: 'cam', startFrames: 1 });
    expect(events.update(frame(0, true))?.type).toBe('start');
    expect(events.flush()?.type).toBe('end');
    expect(events.flush()).toBeUndefined();
  });
});
