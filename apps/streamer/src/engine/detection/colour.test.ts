// The detector on colour event pictures: a distant person (the shipped 100×157 photo) on a 1280×720
// camera, encoded as a real H.264 GOP, cached by a real LiveFeed, decoded by ffmpeg, analysed by
// the real detection worker. In the 320×180 gray motion frame the same person is 25×39 pixels.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZonedLabel } from '@vigil/shared/detection';
import type { MotionEvent } from '@vigil/shared/motion';
import { recordGop } from '../events/gop-fixture.ts';
import { createColourSnapshots } from '../events/colour-snapshot.ts';
import { createMotionBus } from '../events/motion-bus.ts';
import { createDetectionService, type EventFrame } from './service.ts';

const PHOTO = join(import.meta.dirname, '../../../../../tests/fixtures/detection/person-standing.jpg');
// Where the photo stands in the 1280×720 picture, normalised: the motion box of the person.
const BOX = { x: 800 / 1280, y: 420 / 720, w: 100 / 1280, h: 157 / 720 };

let gop: Buffer[];
beforeAll(async () => {
  const input = ['-f', 'lavfi', '-i', 'color=c=0x56664a:s=1280x720:r=15', '-loop', '1', '-i', PHOTO, '-filter_complex', '[0:v][1:v]overlay=800:420:shortest=0'];
  gop = await recordGop({ width: 1280, height: 720, input });
}, 60_000);

const detection = createDetectionService({ backends: ['wasm', 'cpu'], cameraOf: () => ({ detection: { labels: ['person', 'animal', 'vehicle'] } }), alertWaitMs: 60_000, log: () => undefined });
afterAll(() => detection.stop());

describe('detection on colour event pictures', () => {
  it('labels a distant person in the colour picture, boxes mapped from motion to picture coordinates', async () => {
    const seen: EventFrame[] = [];
    const raised: { labels?: ZonedLabel[]; jpeg?: Buffer }[] = [];
    const bus = createMotionBus({
      sessionsOf: () => [],
      detect: (t, frame) => (frame && seen.push(frame), detection.analyse(t, frame)),
      raise: async (_t, jpeg, labels) => void raised.push({ jpeg, labels }),
      colour: createColourSnapshots({ timeoutMs: 30_000, gopOf: () => gop }),
    });
    const event: MotionEvent = { id: 'far-1', camera: 'drive', zones: [], start: 1000, peakArea: 0.02, boxes: [BOX], snapshotFrame: 0, preRollMs: 0, postRollMs: 0 };
    bus.result({ camera: 'drive', at: 1000, index: 0, boxes: [BOX.x, BOX.y, BOX.w, BOX.h], fraction: 0.02, moving: true, relearning: false, gain: 1, busyMs: 1 });
    const gray = { width: 320, height: 180, data: new Uint8Array(320 * 180).fill(100) }; // not used: colour wins
    await bus.transition({ type: 'start', event }, gray);
    expect(seen[0]).toMatchObject({ width: 1280, height: 720, channels: 3, boxes: [BOX] });
    const person = raised[0]!.labels?.find((l) => l.label === 'person');
    expect(person, JSON.stringify(raised[0]!.labels)).toBeDefined();
    // The label's box lands on the photo (normalised, as the motion box).
    const [x1, y1, x2, y2] = person!.box;
    expect(x1).toBeLessThan(BOX.x + BOX.w / 2);
    expect(x2).toBeGreaterThan(BOX.x + BOX.w / 2);
    expect(y1).toBeLessThan(BOX.y + BOX.h / 2);
    expect(y2).toBeGreaterThan(BOX.y + BOX.h / 2);
    expect(raised[0]!.labels!.filter((l) => l.label !== 'person')).toEqual([]);

    // The same picture as the motion output gives it (320×180 gray, as `scale=320:180` makes it):
    // the old snapshot finds no person there (measured: "animal" at 0.26, person not at all).
    const rgb = seen[0]!.data;
    const small = execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '1280x720', '-i', 'pipe:0', '-vf', 'scale=320:180', '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'], { input: rgb });
    const old = await detection.analyse({ type: 'start', event: { ...event, id: 'far-gray' } }, { width: 320, height: 180, data: new Uint8Array(small) });
    expect(old?.filter((l) => l.label === 'person')).toEqual([]);
  }, 120_000);
});
