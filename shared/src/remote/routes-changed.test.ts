import { describe, expect, it } from 'vitest';
import { isRoutesChanged } from './index.ts';

describe('isRoutesChanged', () => {
  it('accepts the event and nothing else', () => {
    expect(isRoutesChanged('{"type":"routes-changed"}')).toBe(true);
    for (const text of ['{"type":"routes-changed","x":1}', '{"type":"motion-start"}', 'routes-changed', '{"type":"routes-changed"', `{"type":"routes-changed","pad":"${'a'.repeat(100)}"}`, '']) {
      expect(isRoutesChanged(text), text).toBe(false);
    }
  });
});
