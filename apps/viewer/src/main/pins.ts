/**
 * Certificate pinning: the viewer accepts a streamer's self-signed TLS certificate when its public
 * key matches the pin of one of that streamer's routes (its pairing code, or a signed `routes`
 * reply), for that route's host only: the page sends one pin per route URL (common/platform.ts
 * pinsOf). Electron's verify request names the host, not the port, so pins are kept by host.
 * Anything else gets Chromium's own verdict, so ordinary CA-signed sites (a relay with a public
 * certificate and no pin) behave as in a browser.
 */
// The fingerprint module alone, not the package index: main needs the check, not the server.
import { certificateMatchesPin } from '../../../signaling/src/node/fingerprint.ts';
import { viewerIpc, type PinValue } from '../common/ipc.ts';

/** Electron's verify-proc results: 0 accept, -2 reject, -3 use Chromium's verdict. */
export const VERDICT = { accept: 0, reject: -2, chromium: -3 } as const;

/** The parts of Electron's certificate verification request that the decision reads. */
export interface VerifyRequest {
  hostname: string;
  /** Chromium's own result; 0 when the chain is valid. */
  errorCode: number;
  certificate: { data: string };
}

/** Pins read back from the store file, which anyone with the disk can edit: invalid means none. */
export function storedPins(value: unknown): PinValue[] {
  const parsed = viewerIpc.pinsSet.args.shape.pins.safeParse(value);
  return parsed.success ? parsed.data : [];
}

const host = (name: string) => name.replace(/^\[|\]$/g, '').toLowerCase();

/** DER bytes of the first certificate in a PEM text. */
export function pemToDer(pem: string): Buffer {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) throw new Error('not a PEM certificate');
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

/** The pins of paired streamers, by host. */
export class PinSet {
  #byHost = new Map<string, string[]>();

  /** Replaces all pins; entries whose URL does not parse are dropped. Returns the count kept. */
  replace(pins: readonly { url: string; pin: string }[]): number {
    const next = new Map<string, string[]>();
    let count = 0;
    for (const { url, pin } of pins) {
      let hostname: string;
      try {
        hostname = host(new URL(url).hostname);
      } catch {
        continue;
      }
      next.set(hostname, [...(next.get(hostname) ?? []), pin]);
      count++;
    }
    this.#byHost = next;
    return count;
  }

  /** The pins as stored (for persistence). */
  list(): { host: string; pins: string[] }[] {
    return [...this.#byHost].map(([h, pins]) => ({ host: h, pins: [...pins] }));
  }

  /** The verdict for one TLS connection. */
  verify(request: VerifyRequest): number {
    // A valid chain needs no help; pins only ever widen trust to a paired self-signed key.
    if (request.errorCode === 0) return VERDICT.chromium;
    const pins = this.#byHost.get(host(request.hostname));
    if (!pins?.length) return VERDICT.chromium;
    let der: Buffer;
    try {
      der = pemToDer(request.certificate.data);
    } catch {
      return VERDICT.chromium;
    }
    return pins.some((pin) => certificateMatchesPin(der, pin)) ? VERDICT.accept : VERDICT.chromium;
  }
}
