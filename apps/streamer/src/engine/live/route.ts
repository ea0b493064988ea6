/**
 * The shortest way from a session to its viewer: the UDP socket and remote address of the ICE
 * pair werift nominated. werift's `connection.send` goes through three async layers (three
 * promises per packet) to reach the same `socket.send`; a forwarder sending hundreds of packets
 * a second per viewer skips them. The RFC 7675 consent check werift applies is kept (same
 * method), and anything that is not a plain UDP pair (TCP, TURN) goes the werift way.
 */
import type { Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { IceConnection } from 'werift';

/** The parts of werift's nominated pair this reads (internal, hence checked at run time). */
interface PairShape {
  protocol?: { type?: string; transport?: { type?: string; closed?: boolean; socket?: Socket } };
  remoteAddr?: [string, number];
  packetsSent?: number;
  bytesSent?: number;
}

const ignore = () => undefined;

/** Sends packets of one session to its viewer. */
export class ViewerRoute {
  private pair: PairShape | undefined;
  private direct: { socket: Socket; address: string; port: number; transport: { closed?: boolean } } | undefined;

  constructor(readonly connection: IceConnection) {}

  /** Sends one datagram (fire and forget, like RTP). */
  send(packet: Buffer): void {
    const connection = this.connection as IceConnection & { canSendApplicationData?: () => boolean };
    const pair = connection.nominated as PairShape | undefined;
    if (pair !== this.pair) {
      this.pair = pair;
      this.direct = directRoute(pair);
    }
    const direct = this.direct;
    if (!direct || typeof connection.canSendApplicationData !== 'function') {
      connection.send(packet).catch(ignore);
      return;
    }
    if (!connection.canSendApplicationData() || direct.transport.closed) return;
    try {
      direct.socket.send(packet, direct.port, direct.address);
    } catch {
      return; // the socket closed under us: the session is ending
    }
    pair!.packetsSent = (pair!.packetsSent ?? 0) + 1;
    pair!.bytesSent = (pair!.bytesSent ?? 0) + packet.length;
  }
}

function directRoute(pair: PairShape | undefined): ViewerRoute['direct'] {
  const transport = pair?.protocol?.type === 'stun' ? pair.protocol.transport : undefined;
  const remote = pair?.remoteAddr;
  if (!transport || transport.type !== 'udp' || !transport.socket || !remote || isIP(remote[0]) === 0) return undefined;
  return { socket: transport.socket, address: remote[0], port: remote[1], transport };
}
