/** Small wording helpers of the alerts screen. */
import type { ChannelState, WeeklyWindow } from '@vigil/shared/alerts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Mon–Fri 22:00–07:00". */
export function describeWindow(w: WeeklyWindow): string {
  const days = w.days.length === 7 ? 'Every day' : [...w.days].sort().map((d) => DAYS[d]).join(', ');
  return `${days} ${w.from}–${w.to}`;
}

/** A time as "14:03:22" today, else with its date. */
export function when(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}

/** "in 12 s", "in 3 min", "now". */
export function inTime(ms: number, now = Date.now()): string {
  const s = Math.round((ms - now) / 1000);
  if (s <= 0) return 'now';
  if (s < 90) return `in ${s} s`;
  return `in ${Math.round(s / 60)} min`;
}

/** A channel's state in words. */
export function describeState(state: ChannelState, now = Date.now()): { label: string; detail?: string; tone: 'ok' | 'bad' | 'idle' } {
  switch (state.status) {
    case 'ok':
      return { label: 'Working', detail: state.lastOkAt ? `last sent ${when(state.lastOkAt, now)}` : undefined, tone: 'ok' };
    case 'failing': {
      const reason = state.reason ? state.reason.charAt(0).toUpperCase() + state.reason.slice(1) : 'The last send failed';
      const next = state.nextAttemptAt ? `; next try ${inTime(state.nextAttemptAt, now)}` : '';
      return { label: 'Failing', detail: `${reason}${next}`, tone: 'bad' };
    }
    case 'disabled':
      return { label: 'Turned off', tone: 'idle' };
    default:
      return { label: 'Not tested yet', detail: 'Press "Send test" to check it', tone: 'idle' };
  }
}

export { DAYS };
