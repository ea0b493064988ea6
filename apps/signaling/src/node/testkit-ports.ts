/**
 * Ports for test fixtures (redis-server, coturn, HAProxy, relays, SMTP…) that must be named before
 * the fixture binds them. A port the kernel handed out (listen on 0, then closed) lies in its
 * ephemeral range, which it goes on handing to every outgoing connection and every bind to 0: a
 * test opening thousands of sockets could take it before the fixture bound it, and a fixture
 * restarted "on the same port" could find it gone. These ports come from below that range (Linux
 * 32768-60999, macOS and Windows 49152-65535), where only another test's chosen port can
 * collide, and each is checked free for TCP and UDP on 127.0.0.1 before it is returned.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { randomInt } from 'node:crypto';

/** The range ports are picked from: registered ports no common service here uses, below every OS's ephemeral range. */
export const FIXTURE_PORTS = { first: 20_000, last: 32_000 } as const;

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** A port free for TCP and UDP on 127.0.0.1 a moment ago, outside the kernel's ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = randomInt(FIXTURE_PORTS.first, FIXTURE_PORTS.last + 1);
    if ((await tcpFree(port)) && (await udpFree(port))) return port;
  }
  throw new Error(`no free port between ${FIXTURE_PORTS.first} and ${FIXTURE_PORTS.last} after 100 tries`);
}
