// The shipped model on shipped frames: photos with persons (from @vladmandic/human's samples,
// see tests/fixtures/detection/README.md) are labelled person, in colour and in the gray the
// motion snapshot gives; generated motion with no object (light change, swaying texture, noise,
// from the motion module's synthetic scenes) is not. One worker thread, a few inferences.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scene } from '../motion/synthetic.ts';
import { decodeImage, toGray } from './decode.ts';
import { DetectionWorker } from './detection-worker.ts';
import { toLabels } from './labelling.ts';
import type { Raster } from './raster.ts';

const FIXTURES = join(import.meta.dirname, '../../../../../tests/fixtures/detection');
const filter = { labels: ['person', 'vehicle', 'bicycle', 'animal'], minScore: 0.35 };
let worker: DetectionWorker;

beforeAll(async () => {
  worker = new DetectionWorker({ backends: ['wasm', 'cpu'], maxPending: 2 });
  await worker.start();
}, 60_000);
afterAll(() => worker.stop());

async function labelsOf(raster: Raster) {
  const outcome = await worker.detect(raster, [{ x: 0, y: 0, w: 1, h: 1 }]);
  if (outcome.status !== 'done') throw new Error(`detection ${outcome.status}`);
  return toLabels(outcome.detections, filter);
}

describe('detector on shipped frames', () => {
  it.each([
    ['person-webcam.jpg', 'colour'],
    ['person-webcam.jpg', 'gray'],
    ['person-standing.jpg', 'gray'],
    ['group.jpg', 'gray'],
  ])('%s (%s) → person', async (file, kind) => {
    const rgb = await decodeImage(join(FIXTURES, file));
    const labels = await labelsOf(kind === 'gray' ? toGray(rgb) : rgb);
    expect(labels[0]?.label).toBe('person');
    const [x1, y1, x2, y2] = labels[0]!.box;
    expect(x2 - x1).toBeGreaterThan(0.05);
    expect(y2 - y1).toBeGreaterThan(0.3); // a standing or sitting body, not a face
  }, 30_000);

  it('generated motion with no object (light change, swaying foliage, night noise) → no person', async () => {
    const scenes = {
      lamp: { width: 320, height: 180, lamp: { x: 0.3, y: 0.4, radius: 0.3, strength: () => 0.8 } },
      sway: { width: 320, height: 180, sway: { x: 192, y: 9, w: 102, h: 81, amplitude: 3, period: 25 } },
      night: { width: 320, height: 180, level: 30, texture: 12, noise: 7 },
    };
    const frame = new Uint8Array(320 * 180);
    for (const [name, spec] of Object.entries(scenes)) {
      new Scene(spec).render(60, frame);
      const labels = await labelsOf({ width: 320, height: 180, channels: 1, data: frame });
      expect({ name, persons: labels.filter((l) => l.label === 'person') }).toEqual({ name, persons: [] });
    }
  }, 30_000);

  it('drops jobs beyond its queue bound at once, and reports them', async () => {
    const raster: Raster = { width: 64, height: 64, channels: 1, data: new Uint8Array(64 * 64) };
    const before = { ...worker.stats };
    const outcomes = await Promise.all([1, 2, 3].map(() => worker.detect(raster, [{ x: 0, y: 0, w: 1, h: 1 }])));
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'busy']);
    expect(worker.stats.processed - before.processed).toBe(2);
    expect(worker.stats.dropped - before.dropped).toBe(1);
  }, 30_000);
});
