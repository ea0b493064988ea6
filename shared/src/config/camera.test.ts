import { describe, expect, it } from 'vitest';
import { CameraConfig, CameraSite, groupBySite, redactUrl, siteKey } from './camera.ts';
import { EngineConfig } from './engine.ts';

const camera = { id: 'door', name: 'Front door', source: { kind: 'test-pattern' } };

describe('camera site', () => {
  it('is optional: a config written before sites existed still loads, without a site', () => {
    const parsed = CameraConfig.parse(camera);
    expect(parsed.site).toBeUndefined();
    expect(EngineConfig.parse({ cameras: [camera] }).cameras[0]!.site).toBeUndefined();
  });

  it('is trimmed and kept', () => {
    expect(CameraConfig.parse({ ...camera, site: '  Shop ' }).site).toBe('Shop');
  });

  it('refuses a blank, a too long and a control-character site with a clear message', () => {
    const issue = (site: unknown) => {
      const result = CameraConfig.safeParse({ ...camera, site });
      return result.success ? undefined : `${result.error.issues[0]!.path.join('.')}: ${result.error.issues[0]!.message}`;
    };
    expect(issue('   ')).toBe('site: must not be blank (leave the site out instead)');
    expect(issue('x'.repeat(41))).toBe('site: must be 40 characters at most');
    expect(issue('Home\nShop')).toBe('site: must not contain control characters');
    expect(issue(7)).toMatch(/^site: /);
    expect(CameraSite.safeParse('x'.repeat(40)).success).toBe(true);
  });
});

describe('groupBySite', () => {
  const items = [
    { id: 'a', site: 'shop' },
    { id: 'b' },
    { id: 'c', site: 'Home' },
    { id: 'd', site: ' Shop ' },
    { id: 'e', site: 'home' },
    { id: 'f', site: 'Attic 10' },
    { id: 'g', site: 'Attic 9' },
  ];
  const grouped = groupBySite(items, (i) => i.site);

  it('sorts named sites alphabetically (numbers by value) and puts the cameras without a site last', () => {
    expect(grouped.map((g) => g.name)).toEqual(['Attic 9', 'Attic 10', 'Home', 'shop', undefined]);
    expect(grouped.at(-1)!.key).toBe('');
  });

  it('merges spellings that differ in case or spacing, keeps the first spelling and the item order', () => {
    expect(grouped.find((g) => g.key === 'shop')!.items.map((i) => i.id)).toEqual(['a', 'd']);
    expect(grouped.find((g) => g.key === 'home')!.items.map((i) => i.id)).toEqual(['c', 'e']);
    expect(siteKey('  Back   yard ')).toBe('back yard');
  });

  it('gives one unnamed group when no item has a site, and none for no items', () => {
    expect(groupBySite([{ id: 'x' }], () => undefined)).toEqual([{ key: '', name: undefined, items: [{ id: 'x' }] }]);
    expect(groupBySite([], () => undefined)).toEqual([]);
  });
});

// Audit item 6: the old regex left part of a password with '@' visible and masked nothing when the
// password held '/'.
describe('redactUrl', () => {
  const passwords = ['p@ss', 'pa/ss', 'pa:ss', 'pa%ss', 'pa#ss', 'p@s/s:w%r#d', 'a@b@c'];
  it.each(passwords)('hides a raw password %s and keeps the host', (password) => {
    const redacted = redactUrl(`rtsp://admin:${password}@192.168.1.30:554/stream1`);
    expect(redacted).toBe('rtsp://***@192.168.1.30:554/stream1');
  });
  it.each(passwords)('hides a percent-encoded password %s', (password) => {
    const redacted = redactUrl(`rtsp://admin:${encodeURIComponent(password)}@cam.local/live`);
    expect(redacted).toBe('rtsp://***@cam.local/live');
  });
  it('leaves URLs without credentials alone and masks what it cannot parse entirely', () => {
    expect(redactUrl('rtsp://192.168.1.30/stream1')).toBe('rtsp://192.168.1.30/stream1');
    expect(redactUrl('pipe:3')).toBe('pipe:3');
    expect(redactUrl('rtsp://admin:secret@')).toBe('rtsp://***');
    expect(redactUrl('rtsp://u:p@h/a and more')).toBe('rtsp://***@h/a and more');
  });
});
