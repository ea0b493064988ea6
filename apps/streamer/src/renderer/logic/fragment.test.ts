import { describe, expect, it } from 'vitest';
import { readFragment, stripFragment } from './fragment.ts';

describe('URL fragment', () => {
  it('reads the token only: an API address in a link is ignored (it would receive the token)', () => {
    expect(readFragment('#token=abc_-1')).toEqual({ token: 'abc_-1' });
    expect(readFragment('#token=t&api=http://evil.example:7480/')).toEqual({ token: 't' });
    expect(readFragment('#api=javascript:alert(1)')).toEqual({});
    expect(readFragment('')).toEqual({});
    expect(readFragment('#token=')).toEqual({});
  });
  it('removes the token and any api field, and keeps the rest', () => {
    expect(stripFragment('#token=abc')).toBe('');
    expect(stripFragment('#token=abc&screen=pairing')).toBe('#screen=pairing');
    expect(stripFragment('#api=http://evil.example&token=abc&screen=pairing')).toBe('#screen=pairing');
  });
});
