import { describe, expect, it } from 'vitest';
import { SegmentFileName } from '@vigil/shared/recording';
import { parseSegmentName, runTag, segmentPattern } from './names.ts';

describe('segment names', () => {
  it('parse back to camera, UTC start and run tag', () => {
    const name = 'front-door_20261123T044923Z_mwssdn7g.mp4';
    expect(parseSegmentName(name)).toEqual({ camera: 'front-door', start: Date.UTC(2026, 10, 23, 4, 49, 23), tag: 'mwssdn7g' });
    expect(SegmentFileName.safeParse(name).success).toBe(true);
    expect(parseSegmentName('manifest.jsonl')).toBeUndefined();
    expect(segmentPattern('/r/cam', 'cam', runTag(1000))).toBe('/r/cam/cam_%Y%m%dT%H%M%SZ_rs.mp4');
  });
});
