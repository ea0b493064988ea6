import { describe, expect, it } from 'vitest';
import { clientAddress, normalizeAddress, trustedProxyList } from './client-address.ts';

const req = (remoteAddress: string, xff?: string | string[]) => ({ socket: { remoteAddress }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as Parameters<typeof clientAddress>[0];

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless the socket comes from a trusted proxy', () => {
    expect(clientAddress(req('203.0.113.9', '198.51.100.1'), undefined)).toBe('203.0.113.9');
    expect(clientAddress(req('203.0.113.9', '198.51.100.1'), trustedProxyList(['127.0.0.1']))).toBe('203.0.113.9');
  });

  it('takes the nearest hop that is not a trusted proxy, so a client cannot forge its address', () => {
    const trusted = trustedProxyList(['127.0.0.1', '10.0.0.0/8']);
    expect(clientAddress(req('127.0.0.1', '198.51.100.7'), trusted)).toBe('198.51.100.7');
    // The client wrote "1.2.3.4" itself; the proxy appended what it saw.
    expect(clientAddress(req('::ffff:127.0.0.1', '1.2.3.4, 198.51.100.7'), trusted)).toBe('198.51.100.7');
    // Two trusted proxies in a row.
    expect(clientAddress(req('127.0.0.1', ['1.2.3.4, 198.51.100.7', '10.1.1.1']), trusted)).toBe('198.51.100.7');
    // A garbled hop stops the walk at the last address vouched for.
    expect(clientAddress(req('127.0.0.1', 'evil.example, not-an-ip'), trusted)).toBe('127.0.0.1');
    expect(clientAddress(req('127.0.0.1'), trusted)).toBe('127.0.0.1');
  });

  it('checks the trusted proxy list and normalises mapped IPv4', () => {
    expect(() => trustedProxyList(['localhost'])).toThrow(/not an IP address/);
    expect(() => trustedProxyList(['10.0.0.0/33'])).toThrow(/CIDR/);
    expect(() => trustedProxyList(['::1/128', '172.16.0.0/12'])).not.toThrow();
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress(undefined)).toBe('unknown');
  });
});
