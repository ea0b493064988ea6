import { describe, expect, it } from 'vitest';
import { MotionConfig, type MotionZoneInput } from '@vigil/shared/motion';
import { MotionDetector } from './detector.ts';
import { fillPolygon, rasterise, thresholdFor } from './raster.ts';
import { Scene } from './synthetic.ts';

const W = 160;
const H = 90;
// A square moving along the left third of the frame.
const leftSquare = { w: 14, h: 14, x: 10, y: 20, vx: 0, vy: 1.5, level: 210, from: 20 };
const left = [[0, 0], [0.4, 0], [0.4, 1], [0, 1]] as [number, number][];
const right = [[0.5, 0], [1, 0], [1, 1], [0.5, 1]] as [number, number][];

function movingFrames(config: ReturnType<typeof MotionConfig.parse>): { moving: number; zoneBits: number } {
  const scene = new Scene({ width: W, height: H, objects: [leftSquare] });
  const detector = new MotionDetector({ ...config, width: W, height: H });
  const frame = new Uint8Array(W * H);
  let moving = 0;
  let zoneBits = 0;
  for (let n = 0; n < 60; n++) {
    scene.render(n, frame);
    const r = detector.process(frame);
    if (r.moving) moving++;
    zoneBits |= r.zoneBits;
  }
  return { moving, zoneBits };
}

const zone = (id: string, polygon: [number, number][], extra: Partial<MotionZoneInput> = {}): MotionZoneInput => ({ id, name: id, polygon, ...extra });

describe('zones and masks', () => {
  it('rasterises a polygon by pixel centres', () => {
    const out = new Uint8Array(10 * 10);
    fillPolygon([[0, 0], [0.5, 0], [0.5, 1], [0, 1]], 10, 10, out, 1);
    expect(out.reduce((a, b) => a + b, 0)).toBe(50);
    expect(out[4]).toBe(1);
    expect(out[5]).toBe(0);
  });

  it('lets masks win over zones and the most sensitive overlapping zone set the threshold', () => {
    const zones = MotionConfig.parse({ zones: [zone('a', left, { sensitivity: 0.25 }), zone('b', [[0, 0], [1, 0], [1, 1], [0, 1]], { sensitivity: 0.75 })] }).zones;
    const r = rasterise(10, 10, zones, [{ id: 'm', polygon: [[0, 0], [0.2, 0], [0.2, 0.2], [0, 0.2]] }], 0.5);
    expect(r.thresholds[r.thresholdClass[0]!]).toBe(0); // masked
    expect(r.zoneBits[0]).toBe(0);
    expect(r.thresholds[r.thresholdClass[5 * 10 + 1]!]).toBeCloseTo(thresholdFor(0.75)); // in a and b: b is more sensitive
    expect(r.zoneBits[5 * 10 + 1]).toBe(0b11);
    expect(r.active).toBe(96);
  });

  it('reports motion without zones', () => {
    expect(movingFrames(MotionConfig.parse({})).moving).toBeGreaterThan(30);
  });

  it('reports motion in a zone that contains it, with that zone’s bit', () => {
    const result = movingFrames(MotionConfig.parse({ zones: [zone('drive', right), zone('path', left)] }));
    expect(result.moving).toBeGreaterThan(30);
    expect(result.zoneBits).toBe(0b10);
  });

  it('ignores motion outside every zone', () => {
    expect(movingFrames(MotionConfig.parse({ zones: [zone('drive', right)] })).moving).toBe(0);
  });

  it('ignores blobs smaller than the zone’s minimum area', () => {
    // The square is 196 px, 1.4 % of the frame.
    expect(movingFrames(MotionConfig.parse({ zones: [zone('path', left, { minArea: 0.03 })] })).moving).toBe(0);
  });

  it('ignores motion under a mask', () => {
    expect(movingFrames(MotionConfig.parse({ masks: [{ id: 'tree', polygon: left }] })).moving).toBe(0);
  });
});
