import { describe, expect, it } from 'vitest';
import { CameraConfig } from '@vigil/shared/config';
import { emptyForm, errorsFromIssues, formFromConfig, knownSites, slugify, toConfig, validateForm, type CameraForm } from './cameraForm.ts';

const rtsp = (patch: Partial<CameraForm>): CameraForm => ({ ...emptyForm('rtsp'), name: 'Front door', url: 'rtsp://192.168.1.20:554/s', ...patch });

describe('camera form', () => {
  it('derives a unique id from the name', () => {
    expect(slugify('Front door')).toBe('front-door');
    expect(slugify('Garage', ['garage', 'garage-2'])).toBe('garage-3');
    expect(slugify('Café Élysée!')).toBe('cafe-elysee');
    expect(slugify('***')).toBe('camera');
  });

  it('answers a malformed URL and a missing name in the form', () => {
    const errors = validateForm(rtsp({ name: ' ', url: 'rtsp:/cam/stream' }));
    expect(errors.name).toMatch(/name/);
    expect(errors.url).toMatch(/rtsp:\/\//);
    expect(validateForm(rtsp({ password: 'x' })).user).toMatch(/user name/);
    expect(validateForm(rtsp({}))).toEqual({});
    expect(validateForm({ ...emptyForm('usb'), name: 'Desk' }).device).toBeDefined();
  });

  it('merges credentials and builds the config', () => {
    expect(toConfig(rtsp({ user: 'admin', password: 'p@ss', substreamUrl: 'rtsp://192.168.1.20/sub', transport: 'udp' }), 'door')).toEqual({
      id: 'door',
      name: 'Front door',
      enabled: true,
      source: { kind: 'rtsp', url: 'rtsp://admin:p%40ss@192.168.1.20:554/s', transport: 'udp', substreamUrl: 'rtsp://admin:p%40ss@192.168.1.20/sub' },
    });
    expect(toConfig({ ...emptyForm('test-pattern'), name: 'TP', resolution: '320x180', fps: 10 }, 'tp').source).toEqual({ kind: 'test-pattern', width: 320, height: 180, fps: 10 });
  });

  it('keeps redacted credentials while the address is unchanged', () => {
    const form = formFromConfig({ id: 'door', name: 'Door', enabled: true, source: { kind: 'rtsp', url: 'rtsp://***@10.0.0.2/s', transport: 'tcp' } });
    expect(form.url).toBe('rtsp://10.0.0.2/s');
    expect(toConfig(form, 'door').source).toMatchObject({ url: 'rtsp://***@10.0.0.2/s' });
    expect(toConfig({ ...form, user: 'a', password: 'b' }, 'door').source).toMatchObject({ url: 'rtsp://a:b@10.0.0.2/s' });
    expect(validateForm({ ...form, url: 'rtsp://10.0.0.3/s' }).user).toMatch(/again/);
  });

  it('maps engine issues onto fields', () => {
    expect(errorsFromIssues(['source.url: must be an rtsp:// or rtsps:// URL with a host', 'id: bad'], 'invalid camera')).toEqual({
      url: 'Must be an rtsp:// or rtsps:// URL with a host.',
      name: 'Bad.',
    });
    expect(errorsFromIssues(undefined, 'a camera with id "x" already exists')).toEqual({ form: 'a camera with id "x" already exists' });
    expect(errorsFromIssues(['enabled: nope'], 'invalid camera').form).toContain('enabled: nope');
  });

  it('carries the site: trimmed, left out when empty, read back when editing', () => {
    expect(toConfig(rtsp({ site: '  Shop ' }), 'door').site).toBe('Shop');
    expect('site' in toConfig(rtsp({ site: '   ' }), 'door')).toBe(false);
    expect(formFromConfig({ id: 'd', name: 'D', site: 'Home', enabled: true, source: { kind: 'test-pattern', width: 640, height: 360, fps: 15 } }).site).toBe('Home');
    expect(formFromConfig({ id: 'd', name: 'D', enabled: true, source: { kind: 'test-pattern', width: 640, height: 360, fps: 15 } }).site).toBe('');
  });

  it('answers a site that is too long or has control characters on the site field', () => {
    expect(validateForm(rtsp({ site: 'x'.repeat(41) })).site).toMatch(/too long \(40/);
    expect(validateForm(rtsp({ site: 'Home\tShop' }))).toEqual({ site: 'Must not contain control characters.' });
    expect(validateForm(rtsp({ site: 'x'.repeat(40) }))).toEqual({});
    expect(errorsFromIssues(['site: must be 40 characters at most'], 'invalid camera')).toEqual({ site: 'Must be 40 characters at most.' });
  });

  it('stores a chosen talk speaker for cameras without one of their own, and none for the default', () => {
    const usb: CameraForm = { ...emptyForm('usb'), name: 'Desk', device: '/dev/video0', speaker: 'alsa:plughw:0,0' };
    const config = toConfig(usb, 'desk');
    expect(config.source).toMatchObject({ kind: 'usb', speaker: 'alsa:plughw:0,0' });
    expect(formFromConfig(CameraConfig.parse(config)).speaker).toBe('alsa:plughw:0,0');
    expect(toConfig({ ...emptyForm('test-pattern'), name: 'Test', speaker: 'default' }, 't').source).not.toHaveProperty('speaker');
    expect(validateForm({ ...usb, speaker: 'alsa:-y' }).speaker).toMatch(/^Must be "default", alsa:<device>/);
    // Choosing a speaker for the demo camera keeps its scene.
    const demo = formFromConfig(CameraConfig.parse({ id: 'demo', name: 'Demo', source: { kind: 'test-pattern', scene: 'demo' } }));
    expect(toConfig({ ...demo, speaker: 'alsa:plughw:0,0' }, 'demo').source).toMatchObject({ scene: 'demo', speaker: 'alsa:plughw:0,0' });
  });

  it('suggests the sites in use, each spelled once, alphabetically', () => {
    expect(knownSites([{ site: 'Shop' }, {}, { site: 'home' }, { site: 'Home' }, { site: 'shop ' }])).toEqual(['home', 'Shop']);
    expect(knownSites([{}, {}])).toEqual([]);
  });
});
