/**
 * The ONVIF path's state: the search (WS-Discovery through the engine), the chosen camera, its
 * sign-in and the profiles it gave. Every failure lands in state as words for the form.
 */
import { useCallback, useMemo, useState } from 'react';
import type { DiscoverResult, PreviewResult, ProfilesResult } from '@vigil/shared/onvif';
import { ApiRequestError } from '../../api/client.ts';
import { createOnvifClient } from '../../api/onvif.ts';
import { useApp } from '../../store/app.ts';
import { signInErrors, type SignInErrors } from './onvifForm.ts';

/** The camera being set up: found by the search or typed by hand. */
export interface OnvifTarget {
  name: string;
  model?: string;
  /** host[:port] for people. */
  host: string;
  /** What /api/onvif/profiles takes: the device service URL, or the typed address. */
  address: string;
}

export type Search = { state: 'idle' | 'searching' } | { state: 'done'; result: DiscoverResult } | { state: 'failed'; message: string };
export type Profiles = Extract<ProfilesResult, { ok: true }>;

/** The ONVIF path's state and actions. */
export function useOnvif() {
  const api = useApp((s) => s.api);
  const client = useMemo(() => (api ? createOnvifClient(api.connection, () => void api.listCameras().catch(() => undefined)) : undefined), [api]);
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const [target, setTarget] = useState<OnvifTarget>();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<SignInErrors>({});
  const [signingIn, setSigningIn] = useState(false);
  const [profiles, setProfiles] = useState<Profiles>();
  /** Probes the LAN (a few seconds). */
  const find = useCallback(async () => {
    if (!client) return;
    setSearch({ state: 'searching' });
    try {
      setSearch({ state: 'done', result: await client.discover() });
    } catch (error) {
      setSearch({ state: 'failed', message: (error as Error).message });
    }
  }, [client]);
  /** One picture from `uri` with the credentials signed in with (never throws). */
  const preview = useCallback(
    (uri: string): Promise<PreviewResult> =>
      client
        ? client.preview({ uri, user: user.trim(), password }).catch((error: unknown) => ({ ok: false as const, problem: 'failed' as const, message: (error as Error).message }))
        : Promise.resolve({ ok: false, problem: 'failed', message: 'Not connected to the engine.' }),
    [client, user, password],
  );

  return {
    search,
    target,
    user,
    password,
    errors,
    signingIn,
    profiles,
    find,
    choose(next: OnvifTarget) {
      setTarget(next);
      setErrors({});
      setProfiles(undefined);
    },
    setUser(value: string) {
      setUser(value);
      setErrors((e) => ({ ...e, user: undefined, form: undefined }));
    },
    setPassword(value: string) {
      setPassword(value);
      setErrors((e) => ({ ...e, password: undefined, user: undefined, form: undefined }));
    },
    preview,
    /** Asks the camera for its profiles; true when it gave them. */
    async signIn(): Promise<boolean> {
      if (!client || !target) return false;
      if (password !== '' && user.trim() === '') {
        setErrors({ user: 'Enter the user name that goes with this password.' });
        return false;
      }
      setSigningIn(true);
      try {
        const result = await client.profiles({ address: target.address, user: user.trim(), password });
        if (!result.ok) {
          setErrors(signInErrors(result.problem, result.message, user.trim() !== ''));
          return false;
        }
        setErrors({});
        setProfiles(result);
        return true;
      } catch (error) {
        const issues = error instanceof ApiRequestError ? error.issues : undefined;
        const address = issues?.find((i) => i.startsWith('address: '));
        setErrors(address ? { address: `The address ${address.slice(9)}.` } : { form: (error as Error).message });
        return false;
      } finally {
        setSigningIn(false);
      }
    },
  };
}
export type Onvif = ReturnType<typeof useOnvif>;
