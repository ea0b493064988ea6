/**
 * Weekly windows in a named time zone, evaluated with Intl alone (no time-zone library): the
 * wall-clock weekday and minute of an instant decide, so DST shifts need no special case.
 */
import type { WeeklyWindow } from '@vigil/shared/alerts';

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The local weekday (0 = Sunday) and minute of the day of `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): { day: number; minute: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(at)) {
    if (part.type === 'weekday') day = WEEKDAYS[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

/** True when `at` falls inside any of `windows` in `timeZone`. */
export function inWindows(windows: readonly WeeklyWindow[], at: number, timeZone: string): boolean {
  if (windows.length === 0) return false;
  const { day, minute } = localTime(at, timeZone);
  const yesterday = (day + 6) % 7;
  return windows.some((window) => {
    const from = toMinutes(window.from);
    const to = toMinutes(window.to);
    if (from < to) return window.days.includes(day) && minute >= from && minute < to;
    // Past midnight: the evening belongs to today's entry, the small hours to yesterday's.
    return (window.days.includes(day) && minute >= from) || (window.days.includes(yesterday) && minute < to);
  });
}

function toMinutes(clock: string): number {
  const [hours = 0, minutes = 0] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}
