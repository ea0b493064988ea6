/** Pure helpers of the Recordings screen: event marks, day ranges, sizes and durations. */
import type { DetectionLabel as EventLabel } from '@vigil/shared/detection';
import type { RecordingSegmentView } from '@vigil/shared/recording';

/** A motion event on the timeline (deduplicated across the segments it overlaps). */
export interface TimelineEvent {
  id: string;
  start: number;
  end?: number;
  labels?: EventLabel[];
}

/** The events marked on `segments`, once each, by start time. */
export function eventMarks(segments: readonly RecordingSegmentView[]): TimelineEvent[] {
  const byId = new Map<string, TimelineEvent>();
  for (const segment of segments) {
    for (const mark of segment.events) {
      const known = byId.get(mark.id);
      // A later listing of an event may carry its end or labels; keep the fullest.
      if (!known || (known.end === undefined && mark.end !== undefined) || (!known.labels && mark.labels)) byId.set(mark.id, { ...known, ...mark });
    }
  }
  return [...byId.values()].sort((a, b) => a.start - b.start);
}

/** "person 92%, car 71%": each label once, with its best score, best first. */
export function describeLabels(labels: readonly EventLabel[] | undefined): string {
  if (!labels || labels.length === 0) return '';
  const best = new Map<string, number>();
  for (const l of labels) best.set(l.label, Math.max(best.get(l.label) ?? 0, l.score));
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([label, score]) => `${label} ${Math.round(score * 100)}%`)
    .join(', ');
}

/** A range around `segments` with a small margin each side (undefined without segments). */
export function fitRange(segments: readonly { start: number; end: number }[]): { from: number; to: number } | undefined {
  if (segments.length === 0) return undefined;
  const from = Math.min(...segments.map((s) => s.start));
  const to = Math.max(...segments.map((s) => s.end));
  const pad = Math.max(5000, (to - from) * 0.04);
  return { from: Math.round(from - pad), to: Math.round(to + pad) };
}

/** Local midnight to midnight of a `yyyy-mm-dd` date (the <input type=date> value). */
export function dayRange(date: string): { from: number; to: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const from = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  const to = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1).getTime();
  return { from, to };
}

/** The `yyyy-mm-dd` of a time, in local time (for <input type=date>). */
export function dateInputValue(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "512 B", "3.4 MB", "12 GB", "1.2 TB" (decimal units, as disks are sold). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "45 s", "12 min", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${String(s % 60).padStart(2, '0')} s` : ''}`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** "in 3 days", "in 5 hours", "in 2 months"; undefined stays "never". */
export function formatForecast(days: number | undefined): string {
  if (days === undefined) return 'never at this rate';
  if (days < 1) return `in ${Math.max(1, Math.round(days * 24))} h`;
  if (days < 60) return `in ${Math.round(days)} day${Math.round(days) === 1 ? '' : 's'}`;
  if (days < 730) return `in ${Math.round(days / 30)} months`;
  return `in ${Math.round(days / 365)} years`;
}

/** A clock time with seconds, e.g. "14:05:09", in the person's locale. */
export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
