import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { allowedHosts, hostAllowed, originAllowed } from './host-guard.ts';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('host guard', () => {
  it('accepts loopback names on the bound port only', () => {
    const hosts = allowedHosts('127.0.0.1', 7480);
    expect(hostAllowed(req({ host: '127.0.0.1:7480' }), hosts)).toBe(true);
    expect(hostAllowed(req({ host: 'LOCALHOST:7480' }), hosts)).toBe(true);
    expect(hostAllowed(req({ host: '[::1]:7480' }), hosts)).toBe(true);
    expect(hostAllowed(req({ host: '127.0.0.1:7481' }), hosts)).toBe(false);
    expect(hostAllowed(req({ host: 'rebound.example:7480' }), hosts)).toBe(false);
    expect(hostAllowed(req({}), hosts)).toBe(false);
  });
  it('accepts the machine’s own addresses and name when listening everywhere', () => {
    const hosts = allowedHosts('0.0.0.0', 7480);
    expect(hostAllowed(req({ host: `${hostname()}.local:7480`.toLowerCase() }), hosts)).toBe(true);
    expect(hostAllowed(req({ host: 'rebound.example:7480' }), hosts)).toBe(false);
  });
  it('lets upgrades without Origin, from its own origin or a UI origin through', () => {
    const hosts = allowedHosts('127.0.0.1', 7480);
    expect(originAllowed(req({}), hosts, [])).toBe(true);
    expect(originAllowed(req({ origin: 'http://127.0.0.1:7480' }), hosts, [])).toBe(true);
    expect(originAllowed(req({ origin: 'app://vigil' }), hosts, ['app://vigil'])).toBe(true);
    expect(originAllowed(req({ origin: 'https://127.0.0.1:7480' }), hosts, [])).toBe(false);
    expect(originAllowed(req({ origin: 'http://evil.example' }), hosts, [])).toBe(false);
  });
});
