/**
 * A tiny STUN client: what address and port the internet sees this host at (RFC 5389 Binding over
 * UDP, XOR-MAPPED-ADDRESS), and how its NAT maps (RFC 5780 mapping-behaviour tests, against a
 * server that gives an OTHER-ADDRESS, such as coturn with two listening addresses).
 *
 * The Remote access screen shows the public address, and a NAT that maps per destination tells
 * the user that direct connections will need TURN. Requests are retransmitted as RFC 5389 §7.2.1
 * says (RTO 500 ms, doubling) until `timeoutMs`; a reply that is not STUN, or a STUN error, fails
 * at once with the reason; a reply to another transaction is ignored.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** An address and port as a STUN server saw it. */
export interface StunAddress {
  address: string;
  port: number;
}

/** Options of one Binding exchange. */
export interface StunOptions {
  /** Give up after this many milliseconds (default 3000, at most 60000). */
  timeoutMs?: number;
  /** Local UDP port to send from (default: any). */
  localPort?: number;
  /** First retransmission timeout (default 500 ms, RFC 5389's RTO), doubled each time. */
  rtoMs?: number;
}

/** RFC 5780 mapping behaviour of the NATs between this host and the server. */
export type NatMapping = 'endpoint-independent' | 'address-dependent' | 'address-and-port-dependent' | 'unknown';

export const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const BINDING_ERROR = 0x0111;
const ATTR = { MAPPED_ADDRESS: 0x0001, CHANGE_REQUEST: 0x0003, ERROR_CODE: 0x0009, XOR_MAPPED_ADDRESS: 0x0020, OTHER_ADDRESS: 0x802c } as const;

/** Parses `stun:host[:port]` (port 3478 by default); throws saying what is wrong. */
export function parseStunUrl(url: string): { host: string; port: number } {
  if (typeof url !== 'string') throw new TypeError('STUN URL must be a string');
  const match = /^stun:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})(?::(\d{1,5}))?$/.exec(url);
  if (!match) throw new Error(`not a STUN URL: ${JSON.stringify(url.slice(0, 100))} (expected stun:host:port)`);
  const port = match[2] === undefined ? 3478 : Number(match[2]);
  if (port < 1 || port > 65535) throw new Error(`STUN URL port out of range: ${port}`);
  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

/** Asks a STUN server what address and port it sees this host at. */
export async function stunBinding(url: string, options: StunOptions = {}): Promise<StunAddress> {
  const server = parseStunUrl(url);
  const timeoutMs = checkTimeout(options.timeoutMs);
  const address = await resolve(server.host);
  const socket = await openSocket(options.localPort, address);
  try {
    const reply = await transact(socket, { address, port: server.port }, timeoutMs, options.rtoMs);
    return reply.mapped;
  } finally {
    socket.close();
  }
}

/**
 * Classifies the mapping of the NATs on the way to the server (RFC 5780 §4.3): the same local
 * port asks the primary address, then the other address on the primary port, then on the other
 * port. 'unknown' when the server gives no OTHER-ADDRESS or a test got no answer.
 */
export async function natMapping(url: string, options: Omit<StunOptions, 'localPort'> = {}): Promise<NatMapping> {
  const server = parseStunUrl(url);
  const timeoutMs = checkTimeout(options.timeoutMs);
  const primary = await resolve(server.host);
  const socket = await openSocket(undefined, primary);
  try {
    const first = await transact(socket, { address: primary, port: server.port }, timeoutMs, options.rtoMs);
    const other = first.other;
    if (!other || other.address === primary) return 'unknown';
    const second = await transact(socket, { address: other.address, port: server.port }, timeoutMs, options.rtoMs).catch(() => undefined);
    if (!second) return 'unknown';
    if (same(second.mapped, first.mapped)) return 'endpoint-independent';
    const third = await transact(socket, { address: other.address, port: other.port }, timeoutMs, options.rtoMs).catch(() => undefined);
    if (!third) return 'unknown';
    return same(third.mapped, second.mapped) ? 'address-dependent' : 'address-and-port-dependent';
  } finally {
    socket.close();
  }
}

const same = (a: StunAddress, b: StunAddress) => a.address === b.address && a.port === b.port;

function checkTimeout(timeoutMs = 3000): number {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 60_000) throw new RangeError(`timeoutMs must be between 1 and 60000, not ${timeoutMs}`);
  return timeoutMs;
}

export async function resolve(host: string): Promise<string> {
  if (isIP(host)) return host;
  return (await lookup(host)).address;
}

export function openSocket(localPort: number | undefined, towards: string): Promise<Socket> {
  if (localPort !== undefined && (!Number.isInteger(localPort) || localPort < 0 || localPort > 65535)) throw new RangeError(`localPort must be 0-65535, not ${localPort}`);
  const socket = createSocket(isIP(towards) === 6 ? 'udp6' : 'udp4');
  return new Promise((done, fail) => {
    socket.once('error', fail);
    socket.bind(localPort ?? 0, () => {
      socket.off('error', fail);
      done(socket);
    });
  });
}

/** Sends one Binding request (retransmitted) and waits for its answer. */
async function transact(socket: Socket, to: { address: string; port: number }, timeoutMs: number, rtoMs = 500): Promise<{ mapped: StunAddress; other?: StunAddress }> {
  const request = Buffer.alloc(20);
  request.writeUInt16BE(BINDING_REQUEST, 0);
  request.writeUInt16BE(0, 2);
  request.writeUInt32BE(MAGIC_COOKIE, 4);
  randomBytes(12).copy(request, 8);
  const where = `${to.address}:${to.port}`;
  const { raw } = await exchangeStun(socket, to, request, { timeoutMs, rtoMs, what: 'STUN reply' });
  let reply: ParsedReply;
  try {
    reply = parseReply(raw);
  } catch (error) {
    throw new Error(`bad STUN reply from ${where}: ${(error as Error).message}`, { cause: error });
  }
  if (reply.error) throw new Error(`STUN server ${where} answered with an error: ${reply.error}`);
  if (!reply.mapped) throw new Error(`bad STUN reply from ${where}: no XOR-MAPPED-ADDRESS or MAPPED-ADDRESS`);
  return { mapped: reply.mapped, other: reply.other };
}

/**
 * Sends a STUN request (retransmitted as RFC 5389 §7.2.1 says: from `rtoMs`, doubling) until a
 * response to its transaction comes from `to`, or `timeoutMs`. A reply that is not STUN fails at
 * once; answers to other transactions and indications are ignored. `what` names the awaited reply.
 */
export function exchangeStun(
  socket: Socket,
  to: { address: string; port: number },
  request: Buffer,
  options: { timeoutMs: number; rtoMs?: number; what: string },
): Promise<{ raw: Buffer; message: StunMessage }> {
  const id = request.subarray(8, 20);
  const where = `${to.address}:${to.port}`;
  return new Promise((done, fail) => {
    let rto = options.rtoMs ?? 500;
    let retransmit: NodeJS.Timeout | undefined;
    const finish = (error: Error | undefined, value?: { raw: Buffer; message: StunMessage }) => {
      clearTimeout(retransmit);
      clearTimeout(deadline);
      socket.off('message', onMessage);
      socket.off('error', onError);
      if (error) fail(error);
      else if (value) done(value);
    };
    const send = () => {
      socket.send(request, to.port, to.address);
      retransmit = setTimeout(send, rto);
      rto *= 2;
    };
    const onError = (error: Error) => finish(new Error(`STUN to ${where}: ${error.message}`));
    const onMessage = (raw: Buffer, from: { address: string; port: number }) => {
      if (from.address !== to.address || from.port !== to.port) return;
      let message: StunMessage;
      try {
        message = readStunMessage(raw);
      } catch (error) {
        finish(new Error(`bad STUN reply from ${where}: ${(error as Error).message}`));
        return;
      }
      // An answer to an earlier request, or an indication (class 01): not ours.
      if (!message.transactionId.equals(id) || (message.type & 0x100) === 0) return;
      finish(undefined, { raw, message });
    };
    const deadline = setTimeout(() => finish(new Error(`no ${options.what} from ${where} within ${options.timeoutMs} ms`)), options.timeoutMs);
    socket.on('message', onMessage);
    socket.on('error', onError);
    send();
  });
}

interface ParsedReply {
  transactionId: Buffer;
  mapped?: StunAddress;
  other?: StunAddress;
  error?: string;
}

/** A STUN message split into its parts (RFC 5389 §6), attributes by type (the first of each kept). */
export interface StunMessage {
  type: number;
  transactionId: Buffer;
  attributes: Map<number, Buffer>;
  /** ERROR-CODE as "401 Unauthorized", when present. */
  error?: string;
  /** The numeric error code, when present. */
  errorCode?: number;
}

/** Splits a STUN message; throws naming what is malformed. */
export function readStunMessage(message: Buffer): StunMessage {
  if (message.length < 20) throw new Error(`${message.length} bytes is shorter than a STUN header`);
  const type = message.readUInt16BE(0);
  const length = message.readUInt16BE(2);
  if ((type & 0xc000) !== 0 || message.readUInt32BE(4) !== MAGIC_COOKIE) throw new Error('not a STUN message (no magic cookie)');
  if (length % 4 !== 0 || 20 + length !== message.length) throw new Error(`length field ${length} does not match the ${message.length - 20} bytes after the header`);
  const out: StunMessage = { type, transactionId: message.subarray(8, 20), attributes: new Map() };
  for (let offset = 20; offset < message.length; ) {
    if (offset + 4 > message.length) throw new Error('truncated attribute header');
    const attrType = message.readUInt16BE(offset);
    const attrLength = message.readUInt16BE(offset + 2);
    const value = message.subarray(offset + 4, offset + 4 + attrLength);
    if (value.length !== attrLength) throw new Error(`attribute 0x${attrType.toString(16)} runs past the message`);
    if (!out.attributes.has(attrType)) out.attributes.set(attrType, value);
    if (attrType === ATTR.ERROR_CODE && value.length >= 4) {
      out.errorCode = (value[2] ?? 0) * 100 + (value[3] ?? 0);
      out.error = `${out.errorCode} ${value.subarray(4).toString('utf8')}`;
    }
    offset += 4 + Math.ceil(attrLength / 4) * 4;
  }
  return out;
}

/** Parses a Binding response; throws naming what is malformed. */
export function parseReply(message: Buffer): ParsedReply {
  const parsed = readStunMessage(message);
  if (parsed.type !== BINDING_SUCCESS && parsed.type !== BINDING_ERROR) throw new Error(`not a Binding response (type 0x${parsed.type.toString(16).padStart(4, '0')})`);
  const reply: ParsedReply = { transactionId: parsed.transactionId, ...(parsed.error ? { error: parsed.error } : {}) };
  const xor = parsed.attributes.get(ATTR.XOR_MAPPED_ADDRESS);
  const plain = parsed.attributes.get(ATTR.MAPPED_ADDRESS);
  const other = parsed.attributes.get(ATTR.OTHER_ADDRESS);
  if (xor) reply.mapped = readAddress(xor, message.subarray(4, 20));
  else if (plain) reply.mapped = readAddress(plain);
  if (other) reply.other = readAddress(other);
  if (parsed.type === BINDING_ERROR && !reply.error) reply.error = 'error response without ERROR-CODE';
  return reply;
}

/** Reads a (XOR-)MAPPED-ADDRESS value; `xorKey` is cookie + transaction ID for the XOR form. */
export function readAddress(value: Buffer, xorKey?: Buffer): StunAddress {
  const family = value[1];
  const size = family === 0x01 ? 4 : family === 0x02 ? 16 : 0;
  if (size === 0 || value.length !== 4 + size) throw new Error(`address attribute with family ${family} and ${value.length} bytes`);
  const raw = Buffer.from(value.subarray(4));
  let port = value.readUInt16BE(2);
  if (xorKey) {
    port ^= MAGIC_COOKIE >>> 16;
    for (let i = 0; i < size; i++) raw[i] = (raw[i] ?? 0) ^ (xorKey[i] ?? 0);
  }
  const address = size === 4 ? [...raw].join('.') : (raw.toString('hex').match(/.{4}/g) ?? []).join(':').replace(/\b0{1,3}/g, '');
  return { address, port };
}
