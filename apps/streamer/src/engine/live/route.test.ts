import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IceConnection } from 'werift';
import { ViewerRoute } from './route.ts';

const sockets: Socket[] = [];

async function bound(): Promise<Socket> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return socket;
}

/** A werift-shaped connection whose nominated pair uses a real UDP socket. */
async function connection(options: { consent?: boolean; protocol?: string } = {}) {
  const local = await bound();
  const viewer = await bound();
  const received: Buffer[] = [];
  viewer.on('message', (data) => received.push(data));
  const pair = { protocol: { type: options.protocol ?? 'stun', transport: { type: 'udp', closed: false, socket: local } }, remoteAddr: ['127.0.0.1', viewer.address().port], packetsSent: 0, bytesSent: 0 };
  const fallback = vi.fn(async () => undefined);
  const state = { consent: options.consent ?? true };
  const value = { nominated: pair, send: fallback, canSendApplicationData: () => state.consent } as unknown as IceConnection;
  return { value, pair, received, fallback, state };
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

describe('ViewerRoute', () => {
  it("sends through the nominated pair's socket and counts what it sent", async () => {
    const { value, pair, received, fallback } = await connection();
    const route = new ViewerRoute(value);
    route.send(Buffer.from('one'));
    route.send(Buffer.from('two'));
    await vi.waitFor(() => expect(received.map(String)).toEqual(['one', 'two']));
    expect(fallback).not.toHaveBeenCalled();
    expect(pair).toMatchObject({ packetsSent: 2, bytesSent: 6 });
  });

  it('sends nothing without fresh ICE consent (RFC 7675)', async () => {
    const { value, received, state } = await connection({ consent: false });
    const route = new ViewerRoute(value);
    route.send(Buffer.from('dropped'));
    state.consent = true;
    route.send(Buffer.from('sent'));
    await vi.waitFor(() => expect(received.map(String)).toEqual(['sent']));
  });

  it('leaves TURN and TCP pairs to werift', async () => {
    const { value, received, fallback } = await connection({ protocol: 'turn' });
    new ViewerRoute(value).send(Buffer.from('x'));
    expect(fallback).toHaveBeenCalledOnce();
    expect(received).toHaveLength(0);
  });
});
