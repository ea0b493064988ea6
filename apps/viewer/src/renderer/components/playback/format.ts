/** Time and label wording of the playback screen (the viewer's local time zone). */
import type { DetectionLabel } from '@vigil/shared/detection';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const clockSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const day = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

/** 14:05 or 14:05:09. */
export function formatClock(time: number, seconds = false): string {
  return (seconds ? clockSeconds : clock).format(time);
}

/** Mon 23 Nov. */
export function formatDay(time: number): string {
  return day.format(time);
}

/** 1 min 05 s, 12 s. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  return minutes > 0 ? `${minutes} min ${String(total % 60).padStart(2, '0')} s` : `${total} s`;
}

/** "person 92 %, car 71 %": the best score per label, best first, at most `max` of them. */
export function labelSummary(labels: readonly DetectionLabel[], max = 3): string {
  const best = new Map<string, number>();
  for (const { label, score } of labels) best.set(label, Math.max(best.get(label) ?? 0, score));
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([label, score]) => `${label} ${Math.round(score * 100)} %`)
    .join(', ');
}
