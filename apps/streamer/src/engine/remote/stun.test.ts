import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStunUrl, stunBinding } from './stun.ts';

// The real-server side (coturn, NAT mapping) is in tests/integration/netlab.test.ts.
let server: Socket | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** A UDP server on loopback answering each datagram with `answer(request)` (nothing for undefined). */
async function udpServer(answer: (request: Buffer) => Buffer | undefined): Promise<number> {
  const socket = createSocket('udp4');
  server = socket;
  socket.on('message', (message, from) => {
    const reply = answer(message);
    if (reply) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

/** A Binding success response to `request` with an XOR-MAPPED-ADDRESS of 203.0.113.7:40000. */
function success(request: Buffer): Buffer {
  const reply = Buffer.alloc(32);
  reply.writeUInt16BE(0x0101, 0);
  reply.writeUInt16BE(12, 2);
  request.copy(reply, 4, 4, 20);
  reply.writeUInt16BE(0x0020, 20);
  reply.writeUInt16BE(8, 22);
  reply[25] = 0x01;
  reply.writeUInt16BE(40000 ^ 0x2112, 26);
  [203, 0, 113, 7].forEach((byte, i) => (reply[28 + i] = byte ^ (request[4 + i] ?? 0)));
  return reply;
}

describe('stunBinding', () => {
  it('reads XOR-MAPPED-ADDRESS, retransmitting after a lost request', async () => {
    let seen = 0;
    const port = await udpServer((request) => (++seen === 1 ? undefined : success(request)));
    await expect(stunBinding(`stun:127.0.0.1:${port}`, { timeoutMs: 5000, rtoMs: 50 })).resolves.toEqual({ address: '203.0.113.7', port: 40000 });
    expect(seen).toBeGreaterThanOrEqual(2);
  });

  it('fails naming a reply that is not STUN', async () => {
    const port = await udpServer(() => Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await expect(stunBinding(`stun:127.0.0.1:${port}`, { timeoutMs: 5000 })).rejects.toThrow(/bad STUN reply from 127\.0\.0\.1:\d+: not a STUN message/);
  });

  it('fails naming a STUN reply whose lengths do not add up', async () => {
    const port = await udpServer((request) => success(request).subarray(0, 28));
    await expect(stunBinding(`stun:127.0.0.1:${port}`, { timeoutMs: 5000 })).rejects.toThrow(/length field 12 does not match the 8 bytes/);
  });

  it('ignores replies to other transactions and times out saying so', async () => {
    const port = await udpServer((request) => {
      const reply = success(request);
      reply[19] = (reply[19] ?? 0) ^ 0xff;
      return reply;
    });
    await expect(stunBinding(`stun:127.0.0.1:${port}`, { timeoutMs: 300, rtoMs: 50 })).rejects.toThrow(/no STUN reply from 127\.0\.0\.1:\d+ within 300 ms/);
  });

  it('reports a STUN error response with its code', async () => {
    const port = await udpServer((request) => {
      const reply = Buffer.alloc(36);
      reply.writeUInt16BE(0x0111, 0);
      reply.writeUInt16BE(16, 2);
      request.copy(reply, 4, 4, 20);
      reply.writeUInt16BE(0x0009, 20);
      reply.writeUInt16BE(12, 22);
      reply[26] = 4;
      reply[27] = 20;
      reply.write('Unknown\0', 28);
      return reply;
    });
    await expect(stunBinding(`stun:127.0.0.1:${port}`, { timeoutMs: 5000 })).rejects.toThrow(/answered with an error: 420 Unknown/);
  });
});

describe('parseStunUrl', () => {
  it('takes stun:host:port, 3478 by default', () => {
    expect(parseStunUrl('stun:203.0.113.1:3479')).toEqual({ host: '203.0.113.1', port: 3479 });
    expect(parseStunUrl('stun:stun.example.org')).toEqual({ host: 'stun.example.org', port: 3478 });
    expect(parseStunUrl('stun:[2001:db8::1]:3478')).toEqual({ host: '2001:db8::1', port: 3478 });
  });

  it('refuses other URLs and bad options', async () => {
    expect(() => parseStunUrl('turn:203.0.113.1:3478')).toThrow(/not a STUN URL/);
    expect(() => parseStunUrl('stun:host:99999')).toThrow(/port out of range/);
    expect(() => parseStunUrl('stun:a b')).toThrow(/not a STUN URL/);
    await expect(stunBinding('stun:127.0.0.1:3478', { timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
    await expect(stunBinding('stun:127.0.0.1:3478', { localPort: 70_000 })).rejects.toThrow(/localPort/);
  });
});
