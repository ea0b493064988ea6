/**
 * Caption and subject of an alert: what was seen (the detector's labels, else "Motion"), camera,
 * zones, local time and an optional viewer link.
 */

/** What a caption says. */
export interface CaptionInput {
  cameraName: string;
  camera: string;
  eventId: string;
  zones: ReadonlyArray<{ name: string }>;
  at: number;
  timeZone: string;
  /** A link template; `{camera}` and `{event}` are replaced. */
  link?: string;
  /** What the object detector found; absent or empty: the caption says "Motion". */
  labels?: ReadonlyArray<{ label: string; score: number }>;
}

/** Telegram's photo caption limit; email has none but the same text reads well. */
export const MAX_CAPTION = 1024;

/** The alert's text. */
export function caption(input: CaptionInput): string {
  const seen = bestLabels(input.labels);
  const lines = [seen.length > 0 ? describeSeen(seen, input.cameraName) : `Motion: ${input.cameraName}`];
  if (input.zones.length > 0) lines.push(`Zones: ${input.zones.map((zone) => zone.name).join(', ')}`);
  lines.push(`Time: ${formatTime(input.at, input.timeZone)}`);
  if (input.link) {
    lines.push(input.link.replaceAll('{camera}', encodeURIComponent(input.camera)).replaceAll('{event}', encodeURIComponent(input.eventId)));
  }
  const text = lines.join('\n');
  return text.length <= MAX_CAPTION ? text : `${text.slice(0, MAX_CAPTION - 1)}…`;
}

/** The email subject. */
export function subject(input: CaptionInput): string {
  const zones = input.zones.length > 0 ? ` (${input.zones.map((zone) => zone.name).join(', ')})` : '';
  const seen = bestLabels(input.labels);
  const what = seen.length > 0 ? seen.map((l) => l.label).join(' and ') : 'motion';
  return `Vigil: ${what} at ${input.cameraName}${zones}`;
}

/** The best score of each label, highest first. */
export function bestLabels(labels: CaptionInput['labels']): Array<{ label: string; score: number }> {
  const best = new Map<string, number>();
  for (const { label, score } of labels ?? []) best.set(label, Math.max(score, best.get(label) ?? 0));
  return [...best].map(([label, score]) => ({ label, score })).sort((a, b) => b.score - a.score);
}

/** "Person at Porch (82 %)"; several: "Person (82 %) and vehicle (64 %) at Porch". */
function describeSeen(seen: Array<{ label: string; score: number }>, cameraName: string): string {
  const percent = (score: number) => `${Math.round(score * 100)} %`;
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  if (seen.length === 1) return `${capital(seen[0]!.label)} at ${cameraName} (${percent(seen[0]!.score)})`;
  return `${capital(seen.map((l) => `${l.label} (${percent(l.score)})`).join(' and '))} at ${cameraName}`;
}

/** "2026-11-23 05:36:05 Europe/Paris": unambiguous in any language. */
export function formatTime(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${timeZone}`;
}
