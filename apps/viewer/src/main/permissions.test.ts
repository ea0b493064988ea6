import { describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy } from '@vigil/shell/csp';
import { APP_ORIGIN } from '@vigil/shell/origin';
import { decidePermission, type PermissionQuery } from '@vigil/shell/permissions';
import { WindowRegistry } from '@vigil/shell/senders';
import { installSessionPolicy, type SessionLike } from '@vigil/shell/session';
import { VIEWER_PERMISSIONS } from './permissions.ts';

const APP = 'app://vigil/index.html';
const viewer = (q: Partial<PermissionQuery> & { permission: string }) =>
  decidePermission(VIEWER_PERMISSIONS, { origin: APP, isMainFrame: true, ...q }, APP_ORIGIN);

describe('viewer permission table', () => {
  it('every entry gives its reason', () => {
    for (const rule of Object.values(VIEWER_PERMISSIONS)) expect(rule.reason.length).toBeGreaterThan(20);
  });

  it('allows the camera (video) for QR scanning', () => {
    expect(viewer({ permission: 'media', mediaTypes: ['video'] })).toBe(true);
  });

  it('allows the microphone for push-to-talk', () => {
    expect(viewer({ permission: 'media', mediaTypes: ['audio'] })).toBe(true);
    expect(viewer({ permission: 'media', mediaTypes: ['video', 'audio'] })).toBe(true);
  });

  it('denies media with no or unknown type', () => {
    expect(viewer({ permission: 'media', mediaTypes: [] })).toBe(false);
    expect(viewer({ permission: 'media', mediaTypes: ['unknown'] })).toBe(false);
  });

  it.each(['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'midi', 'midiSysex', 'fullscreen', 'openExternal', 'hid', 'usb', 'serial', 'pointerLock', 'unknown', 'toString', '__proto__'])(
    'denies %s',
    (permission) => {
      expect(viewer({ permission })).toBe(false);
    },
  );

  it('denies a foreign origin, and sub-frames', () => {
    for (const origin of ['https://evil.example', 'file:///index.html', 'app://evil', undefined]) {
      expect(viewer({ permission: 'media', mediaTypes: ['video'], origin }), String(origin)).toBe(false);
    }
    expect(viewer({ permission: 'media', mediaTypes: ['video'], isMainFrame: false })).toBe(false);
  });
});

describe('installSessionPolicy', () => {
  function install() {
    const calls: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      webRequest: { onHeadersReceived: (fn: (...args: never[]) => unknown) => (calls.headers = fn) },
      setPermissionRequestHandler: (fn: (...args: never[]) => unknown) => (calls.request = fn),
      setPermissionCheckHandler: (fn: (...args: never[]) => unknown) => (calls.check = fn),
      setDevicePermissionHandler: (fn: (...args: never[]) => unknown) => (calls.device = fn),
    } as unknown as SessionLike;
    const registry = new WindowRegistry();
    const ours = {};
    registry.add(ours);
    installSessionPolicy(session, { origin: APP_ORIGIN, csp: contentSecurityPolicy(), permissions: VIEWER_PERMISSIONS, registry });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { calls: calls as Record<string, (...args: any[]) => any>, ours };
  }

  it('sets the CSP header on responses', () => {
    const { calls } = install();
    const callback = vi.fn();
    calls.headers!({ responseHeaders: { 'Content-Security-Policy': ['default-src *'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });

  it('request handler: camera and microphone yes, other windows no', () => {
    const { calls, ours } = install();
    const ask = (contents: object, permission: string, details: object) => {
      const callback = vi.fn();
      calls.request!(contents, permission, callback, { requestingUrl: APP, isMainFrame: true, ...details });
      return callback.mock.calls[0]![0] as boolean;
    };
    expect(ask(ours, 'media', { mediaTypes: ['video'] })).toBe(true);
    expect(ask(ours, 'media', { mediaTypes: ['audio'] })).toBe(true);
    expect(ask(ours, 'notifications', {})).toBe(false);
    expect(ask(ours, 'media', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(ask({}, 'media', { mediaTypes: ['video'] })).toBe(false);
  });

  it('check handler: same table; no window means no', () => {
    const { calls, ours } = install();
    expect(calls.check!(ours, 'media', 'app://vigil', { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(calls.check!(ours, 'media', 'app://vigil', { isMainFrame: true, mediaType: 'audio' })).toBe(true);
    expect(calls.check!(ours, 'geolocation', 'app://vigil', { isMainFrame: true })).toBe(false);
    expect(calls.check!(null, 'media', 'app://vigil', { isMainFrame: true, mediaType: 'video' })).toBe(false);
    expect(calls.device!()).toBe(false);
  });
});
