/**
 * The add/edit camera form as plain data: defaults per source kind, checks before posting, the
 * CameraConfig it becomes, and the engine's validation issues mapped back onto its fields.
 */
import { CameraConfig, groupBySite, SITE_MAX_LENGTH, type CameraConfigInput } from '@vigil/shared/config';
import { issueLines } from '@vigil/shared/issues';
import { rtspUrlProblem, splitRtspUrl, withCredentials, withoutCredentials } from './rtspUrl.ts';

export type SourceKind = 'rtsp' | 'usb' | 'test-pattern' | 'file';
export type FieldName = 'name' | 'site' | 'url' | 'user' | 'password' | 'transport' | 'substreamUrl' | 'device' | 'resolution' | 'fps' | 'path' | 'speaker';
/** Messages per field; `form` holds what belongs to no field. */
export type FieldErrors = Partial<Record<FieldName | 'form', string>>;

/** What the form holds, as typed. */
export interface CameraForm {
  /** Empty for a new camera: derived from the name on submit. */
  id: string;
  name: string;
  /** The site or area ("Home", "Shop"); empty: none. */
  site: string;
  enabled: boolean;
  kind: SourceKind;
  url: string;
  user: string;
  password: string;
  transport: 'tcp' | 'udp';
  substreamUrl: string;
  /** The stored URL had credentials the API redacted (***); kept while the address is unchanged. */
  storedCredentials: { url: string; substreamUrl: string } | undefined;
  device: string;
  /** A USB camera's microphone (a device id from the engine's list); '' for no sound. */
  microphone: string;
  /**
   * Where viewers' talk is played for a camera without a speaker of its own (USB, test pattern,
   * file): an output id from the engine's list; '' for the system default.
   */
  speaker: string;
  /** "1280x720". */
  resolution: string;
  fps: number;
  path: string;
  loop: boolean;
  /** A test pattern's scene, kept through an edit (the demo camera's yard); not shown in the form. */
  scene?: 'pattern' | 'demo';
}

/** Resolutions offered per kind (width x height). */
export const RESOLUTIONS: Record<'usb' | 'test-pattern', string[]> = {
  usb: ['640x480', '1280x720', '1920x1080'],
  'test-pattern': ['320x180', '640x360', '1280x720'],
};
/** Frame rates offered for USB cameras and test patterns. */
export const FRAME_RATES = [5, 10, 15, 25, 30];

/** A blank form for `kind`, with the engine's defaults. */
export function emptyForm(kind: SourceKind): CameraForm {
  return {
    id: '',
    name: kind === 'test-pattern' ? 'Test pattern' : '',
    site: '',
    enabled: true,
    kind,
    url: '',
    user: '',
    password: '',
    transport: 'tcp',
    substreamUrl: '',
    storedCredentials: undefined,
    device: '',
    microphone: '',
    speaker: '',
    resolution: kind === 'usb' ? '1280x720' : '640x360',
    fps: 15,
    path: '',
    loop: true,
  };
}

/** The form for editing an existing camera (URLs arrive redacted: credentials become "kept"). */
export function formFromConfig(config: CameraConfig): CameraForm {
  const form = { ...emptyForm(config.source.kind), id: config.id, name: config.name, site: config.site ?? '', enabled: config.enabled };
  const source = config.source;
  const speaker = source.kind === 'rtsp' ? '' : (source.speaker ?? '');
  switch (source.kind) {
    case 'rtsp': {
      const redacted = [source.url, source.substreamUrl ?? ''].some((u) => splitRtspUrl(u)?.user !== undefined);
      const url = withoutCredentials(source.url);
      const substreamUrl = source.substreamUrl ? withoutCredentials(source.substreamUrl) : '';
      return { ...form, url, substreamUrl, transport: source.transport, storedCredentials: redacted ? { url, substreamUrl } : undefined };
    }
    case 'usb':
    case 'test-pattern':
      return {
        ...form,
        ...('device' in source ? { device: source.device, microphone: source.microphone ?? '' } : { scene: source.scene }),
        speaker,
        resolution: `${source.width}x${source.height}`,
        fps: source.fps,
      };
    case 'file':
      return { ...form, path: source.path, loop: source.loop, speaker };
  }
}

/** A camera id from its name: lowercase slug, unique among `taken`. */
export function slugify(name: string, taken: readonly string[] = []): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'camera';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

function credentialed(form: CameraForm, url: string, stored: string | undefined): string {
  const typed = form.user !== '' || form.password !== '';
  if (!typed && stored && stored === url) return url.replace(/^(rtsps?:\/\/)/i, '$1***@'); // the engine keeps the secret
  return withCredentials(url, form.user, form.password);
}

/** The CameraConfig input the form describes (not yet validated). */
export function toConfig(form: CameraForm, id: string): CameraConfigInput {
  const site = form.site.trim();
  const base = { id, name: form.name.trim(), ...(site ? { site } : {}), enabled: form.enabled };
  const [width, height] = form.resolution.split('x').map(Number) as [number, number];
  // The system default is what an absent speaker means: only another choice is stored.
  const speaker = form.speaker && form.speaker !== 'default' ? { speaker: form.speaker } : {};
  switch (form.kind) {
    case 'rtsp': {
      const url = credentialed(form, form.url.trim(), form.storedCredentials?.url);
      const sub = form.substreamUrl.trim();
      const substreamUrl = sub === '' ? undefined : credentialed(form, sub, form.storedCredentials?.substreamUrl || undefined);
      return { ...base, source: { kind: 'rtsp', url, transport: form.transport, ...(substreamUrl ? { substreamUrl } : {}) } };
    }
    case 'usb':
      return { ...base, source: { kind: 'usb', device: form.device, width, height, fps: form.fps, ...(form.microphone ? { microphone: form.microphone } : {}), ...speaker } };
    case 'test-pattern':
      return { ...base, source: { kind: 'test-pattern', width, height, fps: form.fps, ...(form.scene ? { scene: form.scene } : {}), ...speaker } };
    case 'file':
      return { ...base, source: { kind: 'file', path: form.path.trim(), loop: form.loop, ...speaker } };
  }
}

/** Checks the form as a person would want it checked; empty when it can be posted. */
export function validateForm(form: CameraForm): FieldErrors {
  const errors: FieldErrors = {};
  if (form.name.trim() === '') errors.name = 'Give the camera a name, such as “Front door”.';
  else if (form.name.trim().length > 80) errors.name = 'The name is too long (80 characters at most).';
  if (form.site.trim().length > SITE_MAX_LENGTH) errors.site = `The site name is too long (${SITE_MAX_LENGTH} characters at most).`;
  if (form.kind === 'rtsp') {
    errors.url = rtspUrlProblem(form.url);
    if (form.substreamUrl.trim() !== '') errors.substreamUrl = rtspUrlProblem(form.substreamUrl, 'The substream address');
    if (form.password !== '' && form.user === '' && splitRtspUrl(form.url)?.user === undefined) errors.user = 'Enter the user name that goes with this password.';
    const stored = form.storedCredentials;
    if (stored && form.user === '' && form.password === '' && form.url.trim() !== stored.url) {
      errors.user = 'The address changed: enter the camera’s user name and password again.';
    }
  }
  if (form.kind === 'usb' && form.device === '') errors.device = 'Choose a camera.';
  if (form.kind === 'file' && form.path.trim() === '') errors.path = 'Enter the path of a video file.';
  for (const key of Object.keys(errors) as (keyof FieldErrors)[]) if (errors[key] === undefined) delete errors[key];
  if (Object.keys(errors).length > 0) return errors;
  // Whatever else the engine's schema would refuse, in the same words.
  const parsed = CameraConfig.safeParse(toConfig(form, form.id || slugify(form.name)));
  return parsed.success ? {} : errorsFromIssues(issueLines(parsed.error), 'The camera settings are not valid.');
}

const FIELD_OF_PATH: Record<string, FieldName> = {
  id: 'name',
  name: 'name',
  site: 'site',
  'source.url': 'url',
  'source.substreamUrl': 'substreamUrl',
  'source.transport': 'transport',
  'source.device': 'device',
  'source.width': 'resolution',
  'source.height': 'resolution',
  'source.fps': 'fps',
  'source.path': 'path',
  'source.speaker': 'speaker',
};

/** Maps the engine's issues ("source.url: must be …") onto fields; the rest goes to `form`. */
export function errorsFromIssues(issues: readonly string[] | undefined, message: string): FieldErrors {
  const errors: FieldErrors = {};
  const rest: string[] = [];
  for (const issue of issues ?? []) {
    const colon = issue.indexOf(': ');
    const field = colon > 0 ? FIELD_OF_PATH[issue.slice(0, colon)] : undefined;
    const text = colon > 0 ? issue.slice(colon + 2) : issue;
    if (field && !errors[field]) errors[field] = text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
    else if (!field) rest.push(issue);
  }
  if (rest.length > 0 || Object.keys(errors).length === 0) errors.form = rest.length > 0 ? `${message} (${rest.join('; ')})` : message;
  return errors;
}

/** The sites other cameras already use, alphabetically, each spelled once (offered as suggestions). */
export function knownSites(configs: readonly { site?: string }[]): string[] {
  return groupBySite(configs, (c) => c.site).flatMap((group) => (group.name ? [group.name] : []));
}
