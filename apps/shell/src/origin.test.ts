import { describe, expect, it } from 'vitest';
import { externalOpenAllowed, navigationAllowed } from './navigation.ts';
import { APP_ORIGIN, appUrl, isAppUrl } from './origin.ts';

describe('isAppUrl', () => {
  it('accepts pages of app://vigil', () => {
    expect(isAppUrl('app://vigil/index.html', APP_ORIGIN)).toBe(true);
    expect(isAppUrl('app://vigil/', APP_ORIGIN)).toBe(true);
    expect(isAppUrl(appUrl(APP_ORIGIN, '/x.html'), APP_ORIGIN)).toBe(true);
  });

  it.each([
    'app://vigil.evil/',
    'app://evil/',
    'app://vigil:81/',
    'app://user@vigil/',
    'https://vigil/',
    'file:///index.html',
    'about:blank',
    'data:text/html,x',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url, APP_ORIGIN)).toBe(false);
    expect(navigationAllowed(url, APP_ORIGIN)).toBe(false);
  });

  it('refuses null and undefined', () => {
    expect(isAppUrl(null, APP_ORIGIN)).toBe(false);
    expect(isAppUrl(undefined, APP_ORIGIN)).toBe(false);
  });
});

describe('externalOpenAllowed', () => {
  it('allows only https on listed hosts', () => {
    expect(externalOpenAllowed('https://github.com/x', ['github.com'])).toBe(true);
    expect(externalOpenAllowed('https://github.com.evil/x', ['github.com'])).toBe(false);
    expect(externalOpenAllowed('http://github.com/x', ['github.com'])).toBe(false);
    expect(externalOpenAllowed('smb://github.com/x', ['github.com'])).toBe(false);
    expect(externalOpenAllowed('https://github.com/x', [])).toBe(false);
  });
});
