/**
 * The remote-access settings form: its values (text as typed), the patch they make, and errors by
 * field from the shared schema (RemoteSettingsPatch) here or from the engine's issues.
 */
import { RemoteSettingsPatch, type RemoteSettingsView } from '@vigil/shared/remote';
import { issueLines } from '@vigil/shared/issues';

export interface TurnRow {
  /** One URL per line or separated by spaces or commas. */
  urls: string;
  ttlSeconds: string;
  /** Empty keeps the stored secret (hasSecret). */
  secret: string;
  hasSecret: boolean;
}
export interface RelayRow {
  url: string;
  fingerprint: string;
}
export interface RemoteFormValues {
  portMapping: boolean;
  mediaMin: string;
  mediaMax: string;
  /** One STUN URL per line. */
  stun: string;
  turn: TurnRow[];
  relays: RelayRow[];
}
/** Errors by field key: `stun`, `mediaPorts`, `turn.0.urls`, `turn.0.secret`, `relays.1.url`… */
export type RemoteFormErrors = Record<string, string>;

/** The form for saved settings. */
export function formFromSettings(view: RemoteSettingsView): RemoteFormValues {
  return {
    portMapping: view.portMapping,
    // Empty: any free port (nothing forwarded for media; STUN and TURN still work).
    mediaMin: view.mediaPorts ? String(view.mediaPorts.min) : '',
    mediaMax: view.mediaPorts ? String(view.mediaPorts.max) : '',
    stun: view.stun.join('\n'),
    turn: view.turn.map((t) => ({ urls: t.urls.join('\n'), ttlSeconds: String(t.ttlSeconds), secret: '', hasSecret: t.hasSecret })),
    relays: view.relays.map((r) => ({ url: r.url, fingerprint: r.fingerprint ?? '' })),
  };
}

/** An empty TURN server row and relay row. */
export const newTurnRow = (): TurnRow => ({ urls: '', ttlSeconds: '3600', secret: '', hasSecret: false });
export const newRelayRow = (): RelayRow => ({ url: '', fingerprint: '' });

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** The patch the form sends: every part (the screen edits them all); a secret left empty is left out. */
export function patchFromForm(values: RemoteFormValues): Record<string, unknown> {
  return {
    portMapping: values.portMapping,
    ...(values.mediaMin.trim() === '' && values.mediaMax.trim() === '' ? {} : { mediaPorts: { min: number(values.mediaMin), max: number(values.mediaMax) } }),
    stun: words(values.stun),
    turn: values.turn.map((t) => ({ urls: words(t.urls), ttlSeconds: number(t.ttlSeconds), ...(t.secret ? { secret: t.secret } : {}) })),
    relays: values.relays.map((r) => ({ url: r.url.trim(), ...(r.fingerprint.trim() ? { fingerprint: r.fingerprint.trim() } : {}) })),
  };
}

/** Checks the form with the shared schema; a new TURN server needs its secret. Empty when valid. */
export function validateRemoteForm(values: RemoteFormValues): RemoteFormErrors {
  const errors: RemoteFormErrors = {};
  const parsed = RemoteSettingsPatch.safeParse(patchFromForm(values));
  if (!parsed.success) Object.assign(errors, errorsFromIssues(issueLines(parsed.error)));
  values.turn.forEach((t, i) => {
    if (words(t.urls).length === 0) errors[`turn.${i}.urls`] = 'needs at least one turn: or turns: URL';
    if (!t.hasSecret && !t.secret && !errors[`turn.${i}.secret`]) errors[`turn.${i}.secret`] = 'is required for a new TURN server';
  });
  return errors;
}

/** The field an issue path belongs to: list items of STUN and URL lists fold into their field. */
export function fieldOf(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'stun') return 'stun';
  if (parts[0] === 'mediaPorts') return 'mediaPorts';
  if ((parts[0] === 'turn' || parts[0] === 'relays') && parts.length >= 3) return parts.slice(0, 3).join('.');
  return parts[0] ?? '';
}

/** "path: message" issues (the engine's or the schema's) as errors by field, the first per field; a STUN line is named. */
export function errorsFromIssues(issues: readonly string[]): RemoteFormErrors {
  const errors: RemoteFormErrors = {};
  for (const issue of issues) {
    const colon = issue.indexOf(': ');
    const path = colon < 0 ? '' : issue.slice(0, colon);
    const message = colon < 0 ? issue : issue.slice(colon + 2);
    const field = fieldOf(path);
    const index = /^stun\.(\d+)$/.exec(path)?.[1];
    if (!errors[field]) errors[field] = index === undefined ? message : `line ${Number(index) + 1}: ${message}`;
  }
  return errors;
}
