import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, withCsp } from './csp.ts';

describe('contentSecurityPolicy', () => {
  it('is exactly the strict policy', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('never allows inline or eval script', () => {
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('adds exact extra connect origins only', () => {
    expect(contentSecurityPolicy(['http://127.0.0.1:7480'])).toContain("connect-src 'self' ws: wss: http://127.0.0.1:7480;");
    for (const bad of ['*', 'https:', 'http://*.example', "'unsafe-inline'", 'http://a; script-src *']) {
      expect(() => contentSecurityPolicy([bad]), bad).toThrow(/refusing/);
    }
  });

  it('confines a page to its engine when WebSockets anywhere are not needed', () => {
    expect(contentSecurityPolicy(['http://127.0.0.1:7480'], { anyWebSocket: false })).toContain(
      "connect-src 'self' http://127.0.0.1:7480 ws://127.0.0.1:7480;",
    );
  });
});

describe('withCsp', () => {
  it('replaces a server CSP whatever its case, keeps other headers', () => {
    const out = withCsp({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }, "default-src 'self'");
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
  });

  it('adds the header when none was sent', () => {
    expect(withCsp(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
