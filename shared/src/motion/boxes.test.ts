import { describe, expect, it } from 'vitest';
import { MAX_BOXES, readMotionBoxes } from './boxes.ts';

describe('motion boxes from the data channel', () => {
  it('reads normalised boxes and clips them to the picture', () => {
    expect(readMotionBoxes(JSON.stringify({ type: 'motion-boxes', boxes: [0.1, 0.2, 0.3, 0.4, 0.9, 0.9, 0.5, 0.5] }))).toEqual([
      { x: 0.1, y: 0.2, w: 0.3, h: 0.4 },
      { x: 0.9, y: 0.9, w: expect.closeTo(0.1), h: expect.closeTo(0.1) },
    ]);
    expect(readMotionBoxes(JSON.stringify({ type: 'motion-boxes', boxes: [] }))).toEqual([]);
  });

  it('ignores other and malformed messages', () => {
    for (const bad of ['nope', '{"type":"motion-start"}', '{"type":"motion-boxes","boxes":[0.1,0.2,0.3]}', '{"type":"motion-boxes","boxes":[0.1,0.2,2,0.3]}', '{"type":"motion-boxes","boxes":["a",0,0,0]}', 'null']) {
      expect(readMotionBoxes(bad), bad).toBeUndefined();
    }
  });

  it('draws at most MAX_BOXES', () => {
    const boxes = Array.from({ length: 100 }, () => [0.1, 0.1, 0.1, 0.1]).flat();
    expect(readMotionBoxes(JSON.stringify({ type: 'motion-boxes', boxes }))).toHaveLength(MAX_BOXES);
  });
});
