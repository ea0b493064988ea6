/**
 * Checks a TURN server the way a viewer will use it: a TURN Allocate over UDP (RFC 8656) with a
 * credential minted from the configured secret, then the allocation released at once (a Refresh
 * with LIFETIME 0). The Remote access screen then says "works, relays through 203.0.113.1:49160"
 * or why not in words: the commonest mistake, a secret that is not the server's
 * `static-auth-secret`, shows as the server refusing the streamer's credential.
 *
 *   Allocate ─► 401 + REALM + NONCE ─► Allocate + USERNAME, REALM, NONCE, MESSAGE-INTEGRITY
 *            ─► success (XOR-RELAYED-ADDRESS) ─► Refresh LIFETIME 0
 *
 * Only `turn:` URLs over UDP are checked (the transport viewers try first); TCP and TLS ones are
 * reported as not checked.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { exchangeStun, MAGIC_COOKIE, openSocket, readAddress, resolve, type StunAddress, type StunMessage } from './stun.ts';
import { mintTurnCredential } from './turn-credentials.ts';

/** What a check found. */
export type TurnCheck = { ok: true; url: string; relayed: StunAddress } | { ok: false; url: string; reason: string };

const METHOD = { ALLOCATE: 0x003, REFRESH: 0x004 } as const;
const CLASS_SUCCESS = 0x100;
const ATTR = { USERNAME: 0x0006, MESSAGE_INTEGRITY: 0x0008, LIFETIME: 0x000d, REALM: 0x0014, NONCE: 0x0015, XOR_RELAYED_ADDRESS: 0x0016, REQUESTED_TRANSPORT: 0x0019 } as const;
const UDP = 17;

/** Parses `turn:host[:port][?transport=udp|tcp]`; undefined for what this check does not cover. */
export function udpTurnTarget(url: string): { host: string; port: number } | undefined {
  const match = /^turn:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/.exec(url);
  if (!match || match[3] === 'tcp') return undefined;
  const port = match[2] === undefined ? 3478 : Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

/** Allocates on the first UDP URL of a TURN server with a credential minted from `secret`, and releases it. */
export async function checkTurn(server: { urls: readonly string[]; secret: string }, options: { timeoutMs?: number } = {}): Promise<TurnCheck> {
  const url = server.urls.find((u) => udpTurnTarget(u));
  if (!url) return { ok: false, url: server.urls[0] ?? '', reason: 'not checked: only turn: URLs over UDP are tested from the streamer' };
  const result = await allocateTurn(udpTurnTarget(url)!, mintTurnCredential(server.secret, 300, 'check'), { ...options, release: true });
  if (result.ok) return { ok: true, url, relayed: result.relayed };
  const reason = result.code === 401 ? 'the TURN server refused the credential the streamer minted: the secret set here is not its static-auth-secret' : result.reason;
  return { ok: false, url, reason };
}

/** How an Allocate ended: the relayed address, or the error code (when the server gave one) and why. */
export type AllocateResult = { ok: true; relayed: StunAddress } | { ok: false; code?: number; reason: string };

/**
 * One TURN Allocate over UDP with a long-term credential (RFC 8489 §9.2: the 401 challenge, then
 * USERNAME, REALM, NONCE and MESSAGE-INTEGRITY), as a browser does before its relay candidate;
 * with `release`, the allocation is given back at once (Refresh, LIFETIME 0).
 */
export async function allocateTurn(
  target: { host: string; port: number },
  credential: { username: string; credential: string },
  options: { timeoutMs?: number; release?: boolean } = {},
): Promise<AllocateResult> {
  const timeoutMs = options.timeoutMs ?? 3000;
  let address: string;
  try {
    address = await resolve(target.host);
  } catch (error) {
    return { ok: false, reason: `cannot find ${target.host}: ${(error as Error).message}` };
  }
  // One socket for the whole exchange: coturn binds its nonce to the client's address and port.
  const socket = await openSocket(undefined, address);
  const to = { address, port: target.port };
  try {
    const first = await exchange(socket, to, request(METHOD.ALLOCATE, [[ATTR.REQUESTED_TRANSPORT, transport()]]), timeoutMs);
    if (first.type === (METHOD.ALLOCATE | CLASS_SUCCESS)) return { ok: false, reason: 'the server allocated without asking for a credential: anyone can relay through it' };
    const realm = first.attributes.get(ATTR.REALM);
    const nonce = first.attributes.get(ATTR.NONCE);
    if (first.errorCode !== 401 || !realm || !nonce) return { ok: false, code: first.errorCode, reason: `unexpected answer to an Allocate: ${first.error ?? 'no error code'}` };
    const key = createHash('md5').update(`${credential.username}:${realm.toString('utf8')}:${credential.credential}`).digest();
    const auth: [number, Buffer][] = [[ATTR.USERNAME, Buffer.from(credential.username)], [ATTR.REALM, realm], [ATTR.NONCE, nonce]];
    const second = await exchange(socket, to, request(METHOD.ALLOCATE, [[ATTR.REQUESTED_TRANSPORT, transport()], ...auth], key), timeoutMs);
    if (second.type !== (METHOD.ALLOCATE | CLASS_SUCCESS)) return { ok: false, code: second.errorCode, reason: `the TURN server refused the allocation: ${second.error ?? 'no error code'}` };
    const relayedValue = second.attributes.get(ATTR.XOR_RELAYED_ADDRESS);
    if (!relayedValue) return { ok: false, reason: 'the TURN server answered without a relayed address' };
    const relayed = readAddress(relayedValue, Buffer.concat([cookie(), second.transactionId]));
    // A lost reply to the release only leaves the allocation to expire on its own.
    if (options.release) await exchange(socket, to, request(METHOD.REFRESH, [[ATTR.LIFETIME, u32(0)], ...auth], key), Math.min(timeoutMs, 1000)).catch(() => undefined);
    return { ok: true, relayed };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    socket.close();
  }
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const cookie = () => u32(MAGIC_COOKIE);
const transport = () => Buffer.from([UDP, 0, 0, 0]);

/** Encodes a request; with `key`, ends it with MESSAGE-INTEGRITY (RFC 5389 §15.4). */
function request(method: number, attributes: readonly [number, Buffer][], key?: Buffer): Buffer {
  const parts = attributes.map(([type, value]) => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(type, 0);
    head.writeUInt16BE(value.length, 2);
    return Buffer.concat([head, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
  });
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(method, 0);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  randomBytes(12).copy(header, 8);
  if (!key) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // The length counts the MESSAGE-INTEGRITY attribute (24 bytes) the HMAC is appended as.
  header.writeUInt16BE(body.length + 24, 2);
  const hmac = createHmac('sha1', key).update(Buffer.concat([header, body])).digest();
  const integrity = Buffer.alloc(4);
  integrity.writeUInt16BE(ATTR.MESSAGE_INTEGRITY, 0);
  integrity.writeUInt16BE(20, 2);
  return Buffer.concat([header, body, integrity, hmac]);
}

/** Sends a request to the TURN server until its answer (stun.ts exchangeStun) and splits it. */
async function exchange(socket: Socket, to: { address: string; port: number }, message: Buffer, timeoutMs: number): Promise<StunMessage> {
  return (await exchangeStun(socket, to, message, { timeoutMs, what: 'TURN answer' })).message;
}
