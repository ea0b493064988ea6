import { describe, expect, it } from 'vitest';
import { readFragment, stripFragment } from './fragment.ts';

describe('URL fragment', () => {
  it('reads the token and an optional API origin', () => {
    expect(readFragment('#token=abc_-1')).toEqual({ token: 'abc_-1' });
    expect(readFragment('#token=t&api=http://127.0.0.1:7480/')).toEqual({ token: 't', api: 'http://127.0.0.1:7480' });
    expect(readFragment('#api=javascript:alert(1)')).toEqual({});
    expect(readFragment('')).toEqual({});
    expect(readFragment('#token=')).toEqual({});
  });
  it('removes them and keeps the rest', () => {
    expect(stripFragment('#token=abc')).toBe('');
    expect(stripFragment('#token=abc&screen=pairing')).toBe('#screen=pairing');
  });
});
