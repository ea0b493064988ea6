import { describe, expect, it } from 'vitest';
import { PREFS_DEFAULTS, readPrefs } from './settings.ts';

describe('readPrefs', () => {
  it('keeps valid values', () => {
    expect(readPrefs({ startAtLogin: true, apiPort: 9000, paused: true })).toEqual({ startAtLogin: true, apiPort: 9000, paused: true });
  });

  it('falls back to defaults for hand-edited garbage', () => {
    expect(readPrefs({ apiPort: '1; script-src *', startAtLogin: 'yes' })).toEqual(PREFS_DEFAULTS);
    expect(readPrefs({ apiPort: 70000 })).toEqual(PREFS_DEFAULTS);
    expect(readPrefs(null)).toEqual(PREFS_DEFAULTS);
  });
});
