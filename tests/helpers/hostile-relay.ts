/**
 * A hostile signalling relay for tests: it sits between clients and the real server on loopback,
 * forwards every frame, and lets a test rewrite frames in either direction, as a compromised or
 * malicious public signalling server could.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export type Direction = 'to-server' | 'to-client';
/** Returns the frame to forward (possibly altered). */
export type Tamper = (direction: Direction, frame: string) => string;

/** Starts the relay in front of `upstream` (a ws:// URL); `url` is where clients connect. */
export async function startHostileRelay(upstream: string, tamper: Tamper): Promise<{ url: string; setTamper(t: Tamper): void; stop(): Promise<void> }> {
  let current = tamper;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (client) => {
    const server = new WebSocket(upstream);
    const backlog: string[] = [];
    server.on('open', () => backlog.splice(0).forEach((f) => server.send(f)));
    server.on('message', (data) => client.readyState === WebSocket.OPEN && client.send(current('to-client', String(data))));
    client.on('message', (data) => {
      const frame = current('to-server', String(data));
      if (server.readyState === WebSocket.OPEN) server.send(frame);
      else backlog.push(frame);
    });
    const close = () => {
      client.terminate();
      server.terminate();
    };
    server.on('close', close).on('error', close);
    client.on('close', close).on('error', close);
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    setTamper: (t) => (current = t),
    async stop() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Rewrites the SDP of one message type going one way; every other frame passes untouched. */
export function alterSdp(type: 'offer' | 'answer'): Tamper {
  const direction: Direction = type === 'offer' ? 'to-server' : 'to-client';
  return (dir, frame) => {
    if (dir !== direction) return frame;
    const message = JSON.parse(frame) as { type?: string; sdp?: string };
    if (message.type !== type || !message.sdp) return frame;
    // A relay that wants to watch would swap in its own DTLS fingerprint; any change will do.
    return JSON.stringify({ ...message, sdp: message.sdp.replace(/a=fingerprint:sha-256 ([0-9A-F]{2})/, (_m, b: string) => `a=fingerprint:sha-256 ${b === '00' ? 'FF' : '00'}`) });
  };
}
