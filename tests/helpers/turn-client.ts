/**
 * The smallest TURN client that proves a credential: one Allocate over UDP (RFC 8656) with the
 * long-term credential mechanism (RFC 8489 §9.2), the 401 challenge first, then the request with
 * USERNAME, REALM, NONCE and MESSAGE-INTEGRITY. What browsers do before their first relay
 * candidate, without a browser.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

const MAGIC = 0x2112a442;
const ATTR = { username: 0x0006, integrity: 0x0008, errorCode: 0x0009, realm: 0x0014, nonce: 0x0015, relayed: 0x0016, transport: 0x0019 } as const;

/** What an Allocate ended with. */
export type AllocateResult = { ok: true; relayed: string } | { ok: false; code: number; reason: string };

function message(type: number, attributes: [number, Buffer][], integrityKey?: Buffer): Buffer {
  const body = Buffer.concat(attributes.map(([t, v]) => attribute(t, v)));
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC, 4);
  randomBytes(12).copy(header, 8);
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  header.writeUInt16BE(body.length + 24, 2); // the length covers MESSAGE-INTEGRITY itself
  const mac = createHmac('sha1', integrityKey).update(Buffer.concat([header, body])).digest();
  return Buffer.concat([header, body, attribute(ATTR.integrity, mac)]);
}

function attribute(type: number, value: Buffer): Buffer {
  const out = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(value.length, 2);
  value.copy(out, 4);
  return out;
}

function attributes(packet: Buffer): Map<number, Buffer> {
  const found = new Map<number, Buffer>();
  for (let at = 20; at + 4 <= packet.length; ) {
    const type = packet.readUInt16BE(at);
    const length = packet.readUInt16BE(at + 2);
    found.set(type, packet.subarray(at + 4, at + 4 + length));
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return found;
}

/** One UDP socket for the whole exchange: coturn binds its nonce to the client's address and port. */
function udpClient(host: string, port: number, timeoutMs: number) {
  const socket = createSocket('udp4');
  return {
    ask: (packet: Buffer) =>
      new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no TURN answer from ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
        socket.once('message', (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        socket.send(packet, port, host);
      }),
    close: () => socket.close(),
  };
}

function outcome(reply: Buffer): AllocateResult & { attrs: Map<number, Buffer> } {
  const attrs = attributes(reply);
  if (reply.readUInt16BE(0) === 0x0103) {
    const xor = attrs.get(ATTR.relayed)!;
    const port = xor.readUInt16BE(2) ^ (MAGIC >>> 16);
    const ip = [0, 1, 2, 3].map((i) => xor[4 + i]! ^ ((MAGIC >>> (24 - 8 * i)) & 0xff)).join('.');
    return { ok: true, relayed: `${ip}:${port}`, attrs };
  }
  const error = attrs.get(ATTR.errorCode);
  return { ok: false, code: error ? error[2]! * 100 + error[3]! : 0, reason: error ? error.subarray(4).toString() : 'no error code', attrs };
}

/** Allocates a UDP relay on `host:port` with a long-term credential; resolves with how it ended. */
export async function turnAllocate(host: string, port: number, username: string, password: string, timeoutMs = 5000): Promise<AllocateResult> {
  const transport: [number, Buffer] = [ATTR.transport, Buffer.from([17, 0, 0, 0])];
  const client = udpClient(host, port, timeoutMs);
  try {
    const challenge = outcome(await client.ask(message(0x0003, [transport])));
    const realm = challenge.attrs.get(ATTR.realm);
    const nonce = challenge.attrs.get(ATTR.nonce);
    if (challenge.ok || !realm || !nonce) throw new Error('the TURN server did not challenge an unauthenticated Allocate');
    const key = createHash('md5').update(`${username}:${realm.toString()}:${password}`).digest();
    const signed = message(0x0003, [transport, [ATTR.username, Buffer.from(username)], [ATTR.realm, realm], [ATTR.nonce, nonce]], key);
    const { attrs: _attrs, ...result } = outcome(await client.ask(signed));
    return result;
  } finally {
    client.close();
  }
}
