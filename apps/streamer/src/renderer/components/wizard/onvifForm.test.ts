import { describe, expect, it } from 'vitest';
import type { CameraView } from '@vigil/shared/api';
import type { OnvifProfile } from '@vigil/shared/onvif';
import { toConfig, validateForm } from '../../logic/cameraForm.ts';
import { alreadyAdded, describeProfile, formFromProfiles, signInErrors, substreamChoices } from './onvifForm.ts';

const profile = (token: string, width: number, height: number, codec = 'H264', usable = true): OnvifProfile => ({
  token, name: token, codec, width, height, fps: 25, usable, uri: `rtsp://192.168.1.30:554/${token}`,
});

describe('ONVIF wizard logic', () => {
  it('puts a refusal on the password, an address problem on the address', () => {
    expect(signInErrors('auth', 'The camera refused the credentials.', true)).toEqual({ password: 'The camera refused the credentials.' });
    expect(signInErrors('auth', 'x', false).user).toMatch(/asks for a user name and password/);
    expect(signInErrors('unreachable', 'Nothing answers.', true)).toEqual({ address: 'Nothing answers.' });
    expect(signInErrors('device-error', 'Odd.', true)).toEqual({ form: 'Odd.' });
  });

  it('describes a profile in a few words', () => {
    expect(describeProfile(profile('m', 1920, 1080))).toBe('1920 × 1080 · H.264 · 25 fps');
    expect(describeProfile({ ...profile('x', 0, 0, 'H265'), fps: undefined })).toBe('size unknown · H.265');
  });

  it('offers smaller usable profiles as substreams', () => {
    const all = [profile('main', 1920, 1080), profile('sub', 640, 360), profile('hevc', 320, 180, 'H265', false)];
    expect(substreamChoices(all, all[0]).map((p) => p.token)).toEqual(['sub']);
    expect(substreamChoices(all, undefined)).toEqual([]);
  });

  it('makes an RTSP camera form whose config carries the credentials in both URLs', () => {
    const form = formFromProfiles('Porch', profile('main', 1920, 1080), profile('sub', 640, 360), 'admin', 'p@ss word');
    expect(validateForm(form)).toEqual({});
    expect(toConfig(form, 'porch').source).toEqual({
      kind: 'rtsp', transport: 'tcp',
      url: 'rtsp://admin:p%40ss%20word@192.168.1.30:554/main',
      substreamUrl: 'rtsp://admin:p%40ss%20word@192.168.1.30:554/sub',
    });
  });

  it('knows a camera at this host is already added', () => {
    const cameras = [{ config: { id: 'a', name: 'A', enabled: true, source: { kind: 'rtsp', url: 'rtsp://***@192.168.1.30:554/x', transport: 'tcp' } } }] as unknown as CameraView[];
    expect(alreadyAdded(cameras, '192.168.1.30:80')).toBe(true);
    expect(alreadyAdded(cameras, '192.168.1.31')).toBe(false);
  });
});
