import { describe, expect, it } from 'vitest';
import { WeeklyWindow } from '@vigil/shared/alerts';
import { inWindows, localTime } from './schedule.ts';

const night = WeeklyWindow.parse({ from: '22:00', to: '07:00' });

describe('weekly windows', () => {
  it('reads local weekday and minute in the zone', () => {
    // Monday 2026-11-23 04:36 UTC is 05:36 in Paris (UTC+1) and Sunday 20:36 in Los Angeles.
    const at = Date.UTC(2026, 10, 23, 4, 36);
    expect(localTime(at, 'Europe/Paris')).toEqual({ day: 1, minute: 5 * 60 + 36 });
    expect(localTime(at, 'America/Los_Angeles')).toEqual({ day: 0, minute: 20 * 60 + 36 });
  });

  it('a window past midnight covers the small hours of the next day', () => {
    expect(inWindows([night], Date.UTC(2026, 10, 23, 22, 30), 'UTC')).toBe(true);
    expect(inWindows([night], Date.UTC(2026, 10, 23, 6, 59), 'UTC')).toBe(true);
    expect(inWindows([night], Date.UTC(2026, 10, 23, 7, 0), 'UTC')).toBe(false);
    expect(inWindows([night], Date.UTC(2026, 10, 23, 12, 0), 'UTC')).toBe(false);
  });

  it('the small hours belong to the day the window started on', () => {
    const fridayNight = WeeklyWindow.parse({ days: [5], from: '22:00', to: '07:00' });
    expect(inWindows([fridayNight], Date.UTC(2026, 10, 28, 3, 0), 'UTC')).toBe(true); // Saturday 03:00
    expect(inWindows([fridayNight], Date.UTC(2026, 10, 27, 3, 0), 'UTC')).toBe(false); // Friday 03:00
  });

  it('follows wall-clock time across a daylight-saving change', () => {
    const morning = WeeklyWindow.parse({ from: '06:00', to: '07:00' });
    // Paris: 06:30 is 05:30 UTC in winter and 04:30 UTC in summer (DST began 2026-03-29).
    expect(inWindows([morning], Date.UTC(2026, 2, 28, 5, 30), 'Europe/Paris')).toBe(true);
    expect(inWindows([morning], Date.UTC(2026, 2, 30, 4, 30), 'Europe/Paris')).toBe(true);
    expect(inWindows([morning], Date.UTC(2026, 2, 30, 5, 30), 'Europe/Paris')).toBe(false);
  });
});
