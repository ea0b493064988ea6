import { describe, expect, it } from 'vitest';
import { pathOf, patternOf, routes } from './routes.ts';

describe('control API route table', () => {
  it('fills parameters %-escaped and adds a query', () => {
    expect(pathOf(routes.updateCamera, { id: 'a b' })).toBe('/api/cameras/a%20b');
    expect(pathOf(routes.segment, { camera: 'cam', file: 'x.mp4' })).toBe('/api/recordings/segments/cam/x.mp4');
    expect(pathOf(routes.listRecordings, {}, { camera: 'c/1', from: 1, to: 2 })).toBe('/api/recordings?camera=c%2F1&from=1&to=2');
  });

  it('matches paths one segment per parameter, narrowed where the table says', () => {
    const { pattern, names } = patternOf(routes.thumbnail);
    expect(names).toEqual(['camera', 'file']);
    expect(pattern.exec('/api/recordings/thumbnails/cam/x.mp4')?.slice(1)).toEqual(['cam', 'x.mp4']);
    expect(pattern.test('/api/recordings/thumbnails/cam/x.jpg')).toBe(false);
    expect(patternOf(routes.exportClip).pattern.test('/api/recordings/exports/abc/clip.mp4')).toBe(true);
    expect(patternOf(routes.updateCamera).pattern.test('/api/cameras/a/webrtc')).toBe(false);
  });

  it('has one route per method and path', () => {
    const keys = Object.values(routes).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
