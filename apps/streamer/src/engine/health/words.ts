/**
 * The words of health alerts: one place, so the mail, the Telegram message, the System screen and
 * the tray say the same thing ("Porch is offline since 14:02", "Porch is back after 3 min").
 */
import type { HealthKind } from '@vigil/shared/alerts';
import { formatTime } from '../alerts/caption.ts';

/** "14:02" in `timeZone`. */
export function clockTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** "40 s", "3 min", "2 h 5 min", "3 d 4 h": how long something lasted, rounded for a person. */
export function lasted(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** What went wrong, for the title of a lasting problem's alert. */
export function problemTitle(kind: HealthKind, subject: string, since: number, timeZone: string): string {
  const at = clockTime(since, timeZone);
  switch (kind) {
    case 'camera-offline':
      return `${subject} is offline since ${at}`;
    case 'recording-failing':
      return `Recording fails on ${subject} since ${at}`;
    default:
      return subject;
  }
}

/** The title once a lasting problem is over, with how long it lasted. */
export function recoveredTitle(kind: HealthKind, subject: string, since: number, at: number): string {
  const gone = lasted(at - since);
  switch (kind) {
    case 'camera-offline':
      return `${subject} is back after ${gone}`;
    case 'recording-failing':
      return `Recording works again on ${subject} after ${gone}`;
    case 'storage':
      return `Storage is no longer forecast to fill (after ${gone})`;
    default:
      return `Resolved after ${gone}: ${subject}`;
  }
}

/** The body under a title: the detail, then the time in full. */
export function body(title: string, detail: string | undefined, at: number, timeZone: string): string {
  return [title, ...(detail ? [detail] : []), `Time: ${formatTime(at, timeZone)}`].join('\n');
}
