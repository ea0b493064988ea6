import { describe, expect, it } from 'vitest';
import { CameraConfig, type CameraConfigInput } from '@vigil/shared/config';
import { needsRestart, NO_RESTART_FIELDS } from './config-change.ts';

const base: CameraConfigInput = { id: 'porch', name: 'Porch', site: 'Home', source: { kind: 'test-pattern' } };
const camera = (change: Partial<CameraConfigInput> = {}) => CameraConfig.parse({ ...base, ...change });

describe('needsRestart', () => {
  it('keeps ffmpeg running for a rename, a new site and new detection settings', () => {
    expect(NO_RESTART_FIELDS).toEqual(['name', 'site', 'detection']);
    expect(needsRestart(camera(), camera())).toBe(false);
    expect(needsRestart(camera(), camera({ name: 'Front porch' }))).toBe(false);
    expect(needsRestart(camera(), camera({ site: 'Shop' }))).toBe(false);
    expect(needsRestart(camera(), camera({ site: undefined }))).toBe(false);
    expect(needsRestart(camera(), camera({ detection: { labels: ['person'] } }))).toBe(false);
    expect(needsRestart(camera({ detection: { minScore: 0.5 } }), camera({ name: 'Porch 2', detection: { minScore: 0.6 } }))).toBe(false);
  });

  it('restarts ffmpeg for the source, enabling, recording and motion', () => {
    expect(needsRestart(camera(), camera({ source: { kind: 'test-pattern', fps: 10 } }))).toBe(true);
    expect(needsRestart(camera(), camera({ enabled: false }))).toBe(true);
    expect(needsRestart(camera(), camera({ recording: { mode: 'continuous' } }))).toBe(true);
    expect(needsRestart(camera(), camera({ motion: {} }))).toBe(true);
    expect(needsRestart(camera(), camera({ name: 'Front porch', motion: {} }))).toBe(true);
  });

  it('restarts ffmpeg for any field it does not know: the safe default', () => {
    const added = { ...camera(), futureField: 1 } as CameraConfig;
    expect(needsRestart(camera(), added)).toBe(true);
    expect(needsRestart(added, { ...camera(), futureField: 2 } as CameraConfig)).toBe(true);
  });
});
