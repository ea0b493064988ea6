/** Caption and subject of an alert: camera, zones, local time and an optional viewer link. */

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
}

/** Telegram's photo caption limit; email has none but the same text reads well. */
export const MAX_CAPTION = 1024;

/** The alert's text. */
export function caption(input: CaptionInput): string {
  const lines = [`Motion: ${input.cameraName}`];
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
  return `Vigil: motion at ${input.cameraName}${zones}`;
}

/** "2026-11-23 05:36:05 Europe/Paris": unambiguous in any language. */
export function formatTime(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${timeZone}`;
}
