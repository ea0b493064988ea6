import { describe, expect, it } from 'vitest';
import { advertisePublic } from './candidates.ts';

const mapping = { publicAddress: '203.0.113.7', internalAddress: '192.0.2.10', udp: [{ external: 50001, internal: 50001 }, { external: 61000, internal: 50002 }] };

describe('advertisePublic', () => {
  it('adds a server-reflexive candidate at the public address for a forwarded host port', () => {
    expect(advertisePublic('candidate:abc 1 udp 2130706431 192.0.2.10 50002 typ host', mapping)).toEqual([
      'candidate:abcp 1 udp 1694498815 203.0.113.7 61000 typ srflx raddr 192.0.2.10 rport 50002',
    ]);
  });

  it.each([
    ['a port the router does not forward', 'candidate:abc 1 udp 2130706431 192.0.2.10 40000 typ host'],
    ['another local address', 'candidate:abc 1 udp 2130706431 10.9.8.7 50001 typ host'],
    ['a TCP candidate', 'candidate:abc 1 tcp 2130706431 192.0.2.10 50001 typ host tcptype passive'],
    ['a relay candidate', 'candidate:abc 1 udp 16777215 203.0.113.9 50001 typ relay raddr 0.0.0.0 rport 0'],
    ['garbage', 'candidate:'],
  ])('adds nothing for %s', (_name, line) => {
    expect(advertisePublic(line, mapping)).toEqual([]);
  });

  it('adds nothing without a mapping or with a non-IPv4 public address', () => {
    const line = 'candidate:abc 1 udp 2130706431 192.0.2.10 50001 typ host';
    expect(advertisePublic(line, undefined)).toEqual([]);
    expect(advertisePublic(line, { ...mapping, publicAddress: 'not an address' })).toEqual([]);
  });
});
