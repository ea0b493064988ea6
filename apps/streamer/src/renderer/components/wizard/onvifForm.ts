/** The ONVIF steps' pure parts: where a problem is shown, how a profile reads, the camera form it makes. */
import type { CameraView } from '@vigil/shared/api';
import type { OnvifProblem, OnvifProfile } from '@vigil/shared/onvif';
import { emptyForm, type CameraForm } from '../../logic/cameraForm.ts';

/** Errors of the sign-in step, by field; `form` belongs to none. */
export type SignInErrors = Partial<Record<'address' | 'user' | 'password' | 'form', string>>;

/** The field a profiles problem belongs to, so the message sits where the fix is. */
export function signInErrors(problem: OnvifProblem, message: string, hadUser: boolean): SignInErrors {
  switch (problem) {
    case 'auth':
      return hadUser ? { password: message } : { user: 'This camera asks for a user name and password.' };
    case 'unreachable':
    case 'not-onvif':
      return { address: message };
    default:
      return { form: message };
  }
}

/** "1920 × 1080 · H.264 · 25 fps". */
export function describeProfile(profile: OnvifProfile): string {
  const size = profile.width > 0 && profile.height > 0 ? `${profile.width} × ${profile.height}` : 'size unknown';
  const codec = profile.codec.replace(/^H(26[45])$/, 'H.$1');
  const fps = profile.fps ? ` · ${Math.round(profile.fps)} fps` : '';
  return `${size} · ${codec}${fps}`;
}

/** Substream choices for `main`: other usable profiles with fewer pixels. */
export function substreamChoices(profiles: readonly OnvifProfile[], main: OnvifProfile | undefined): OnvifProfile[] {
  if (!main) return [];
  return profiles.filter((p) => p.usable && p.token !== main.token && p.width * p.height < main.width * main.height);
}

/** The RTSP camera form for the chosen streams, with the camera's credentials in their own fields. */
export function formFromProfiles(name: string, main: OnvifProfile, sub: OnvifProfile | undefined, user: string, password: string): CameraForm {
  return { ...emptyForm('rtsp'), name, url: main.uri ?? '', substreamUrl: sub?.uri ?? '', user, password };
}

/** Whether a camera with this host is already in Vigil (URLs arrive redacted, hosts intact). */
export function alreadyAdded(cameras: readonly CameraView[], host: string): boolean {
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return cameras.some((c) => c.config.source.kind === 'rtsp' && hostOf(c.config.source.url) === hostname);
}

function hostOf(url: string): string | undefined {
  const match = /^[a-z]+:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url);
  return match?.[1]?.replace(/^\[|\]$/g, '');
}
