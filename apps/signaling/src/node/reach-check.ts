/**
 * "Test from outside": a registered streamer asks the relay to dial it back, to learn whether its
 * router's public port mapping works from the internet. The relay dials only the address the
 * streamer's own connection comes from (never one the client names, so it cannot be used as a
 * port scanner), reads the TLS key of whatever answers (no CA check: a probe trusts nothing it
 * reads, it only reports the key), and closes. Budget per streamer, cap on probes in flight.
 */
import { BlockList, isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { KeyedTokenBuckets } from '../common/limits.ts';
import { fingerprintOfCertificate } from './fingerprint.ts';

/** Limits of reach checks (SignalingServerOptions.reachCheck); each default is documented here. */
export interface ReachCheckOptions {
  /** How long a probe waits for the TLS handshake to finish. Default 5 s. */
  timeoutMs?: number;
  /** Sustained checks per second per streamer id. Default 0.1 (one per 10 s). */
  perSecond?: number;
  /** Checks a streamer may ask at once. Default 3. */
  burst?: number;
  /** Probes in flight on this server; past it `rate-limited`. Default 8. */
  maxConcurrent?: number;
  /** Streamer ids whose budget is remembered (the oldest is forgotten). Default 10,000. */
  maxStreamers?: number;
  /**
   * Dial loopback, private and link-local addresses too. Default false: such an address is not
   * the internet's view of the streamer, and behind a reverse proxy that is not listed in
   * `trustedProxies` every client would appear as the proxy's address, so a probe would reach
   * the relay's own host. Tests and a LAN-only server turn it on.
   */
  allowPrivateAddresses?: boolean;
}

/** Defaults of ReachCheckOptions. */
export const DEFAULT_REACH_CHECK: Required<ReachCheckOptions> = {
  timeoutMs: 5000,
  perSecond: 0.1,
  burst: 3,
  maxConcurrent: 8,
  maxStreamers: 10_000,
  allowPrivateAddresses: false,
};

/** What a probe found. */
export interface ReachOutcome {
  reachable: boolean;
  /** base64 SHA-256 of the answering server's SPKI (the `vigil-signal` / pairing key form). */
  spkiSha256?: string;
  /** Why it is not reachable, in words. */
  error?: string;
}

/** A refusal before any probe runs, as an error code and words. */
export type ReachRefusal = { ok: false; code: 'forbidden' | 'rate-limited'; message: string };

// Not the internet: loopback, private, shared (CGNAT), link-local, documentation, multicast.
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 3],
] as const) NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
// (No ::ffff:0:0/96 rule: BlockList would apply it to every IPv4 address; mapped addresses are
// normalised to IPv4 before they get here.)
for (const [net, bits] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32]] as const) NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** True for an address the internet can route to (not loopback, private, link-local…). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `host:port`, with brackets around an IPv6 host. */
function hostPort(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** Dials `address`:`port` with TLS and reports whether a server answered, and its key. */
export function probeTls(address: string, port: number, timeoutMs: number, sockets?: Set<TLSSocket>): Promise<ReachOutcome> {
  const where = hostPort(address, port);
  return new Promise((resolve) => {
    let done = false;
    // No CA check on purpose: the streamer's certificate is usually self-signed, and the probe
    // only reports the key it saw (the streamer compares it with its own); nothing is sent.
    const socket = connect({ host: address, port, rejectUnauthorized: false });
    sockets?.add(socket);
    const finish = (outcome: ReachOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sockets?.delete(socket);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ reachable: false, error: `timed out: nothing answers on ${where} from the internet` }), timeoutMs);
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate(false)?.raw;
      if (!raw) return finish({ reachable: false, error: `something answers on ${where} but shows no TLS certificate` });
      finish({ reachable: true, spkiSha256: fingerprintOfCertificate(raw).spkiSha256 });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ reachable: false, error: describeError(error, where) }));
    socket.once('close', () => finish({ reachable: false, error: `${where} closed the connection before TLS was set up` }));
  });
}

function describeError(error: NodeJS.ErrnoException, where: string): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused: ${where} answered, but nothing listens on that port (is it forwarded to this streamer?)`;
    case 'ETIMEDOUT':
      return `timed out: nothing answers on ${where} from the internet`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${where} from the relay`;
    case 'ECONNRESET':
      return `${where} reset the connection: something answers there, but not a TLS server`;
    default:
      return `something answers on ${where}, but the TLS handshake failed (${error.code ?? error.message})`;
  }
}

/** Admits reach checks within their budgets and runs them. */
export class ReachChecker {
  private readonly budgets: KeyedTokenBuckets;
  private readonly sockets = new Set<TLSSocket>();
  private inFlight = 0;

  constructor(private readonly options: Required<ReachCheckOptions>) {
    this.budgets = new KeyedTokenBuckets(options.perSecond, options.burst, options.maxStreamers);
  }

  /** Starts a probe of `address`:`port` for `streamerId`, or says why not. */
  check(streamerId: string, address: string, port: number): ReachRefusal | { ok: true; outcome: Promise<ReachOutcome> } {
    const { options } = this;
    if (isIP(address) === 0) return { ok: false, code: 'forbidden', message: 'the relay does not know this connection\'s address' };
    if (!options.allowPrivateAddresses && !isPublicAddress(address)) {
      return { ok: false, code: 'forbidden', message: `this relay sees the streamer at ${address}, which is not a public internet address, so it cannot test reachability from the internet` };
    }
    if (this.inFlight >= options.maxConcurrent) {
      return { ok: false, code: 'rate-limited', message: `the relay is already testing ${options.maxConcurrent} streamers; try again in a few seconds` };
    }
    if (!this.budgets.take(streamerId)) {
      const every = Math.round(1 / options.perSecond);
      return { ok: false, code: 'rate-limited', message: `too many reach checks: at most ${options.burst} at once, then one every ${every} seconds` };
    }
    this.inFlight++;
    const outcome = probeTls(address, port, options.timeoutMs, this.sockets).finally(() => this.inFlight--);
    return { ok: true, outcome };
  }

  /** Cuts every probe in flight (server shutdown); they resolve as not reachable. */
  stop(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}
