import { describe, expect, it } from 'vitest';
import { CameraConfig, type CameraState } from '@vigil/shared/config';
import { createCameraCatalog } from './catalog.ts';

const camera = (id: string, site?: string) => CameraConfig.parse({ id, name: id.toUpperCase(), source: { kind: 'test-pattern' }, ...(site ? { site } : {}) });

describe('camera catalog', () => {
  it('joins the config with the live state; a camera that does not run reads as stopped', () => {
    const cameras = [camera('a'), camera('b', 'garden')];
    const catalog = createCameraCatalog({ current: () => ({ cameras }) });
    expect(catalog.summaries()).toEqual([
      { id: 'a', name: 'A', state: 'stopped' },
      { id: 'b', name: 'B', state: 'stopped', site: 'garden' },
    ]);
    const states: CameraState[] = [{ id: 'b', state: 'live', since: 0, restarts: 0 }];
    catalog.attachLive({ states: () => states, stats: () => undefined, cachedGop: () => [] });
    expect(catalog.state('b')).toBe('live');
    expect(catalog.state('a')).toBe('stopped');
    expect(catalog.has('a')).toBe(true);
    expect(catalog.has('zz')).toBe(false);
    expect(catalog.config('b')?.name).toBe('B');
  });

  it('answers who watches a camera from every holder of sessions', () => {
    const catalog = createCameraCatalog({ current: () => ({ cameras: [] }) });
    const session = { sendEvent: () => {} };
    expect(catalog.sessionsOf('a')).toEqual([]);
    catalog.addWatchers({ liveSessionsOf: (id) => (id === 'a' ? [session] : []) }, { liveSessionsOf: () => [session] });
    expect(catalog.sessionsOf('a')).toHaveLength(2);
    expect(catalog.sessionsOf('b')).toHaveLength(1);
  });
});
