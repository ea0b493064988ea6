import { describe, expect, it } from 'vitest';
import { parseCli } from './cli.ts';

describe('detection command line', () => {
  it('takes images with the camera settings, and says what is wrong otherwise', () => {
    expect(parseCli(['a.jpg', '--gray', '--min-score', '0.5', '--labels', 'person,animal', '--backend', 'wasm'])).toMatchObject({
      images: ['a.jpg'], gray: true, config: { minScore: 0.5, labels: ['person', 'animal'] }, backends: ['wasm'],
    });
    expect(parseCli(['a.jpg']).backends).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(() => parseCli([])).toThrow(/usage/);
    expect(() => parseCli(['a.jpg', '--labels', 'unicorn'])).toThrow(/labels/);
    expect(() => parseCli(['a.jpg', '--min-score', 'high'])).toThrow(/minScore/);
    expect(() => parseCli(['a.jpg', '--backend', 'gpu'])).toThrow(/unknown backend gpu/);
  });
});
