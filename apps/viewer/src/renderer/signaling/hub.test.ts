import { afterEach, describe, expect, it } from 'vitest';
import { parsePairingUri } from '@vigil/shared/pairing';
import { PROTOCOL_VERSION } from '@vigil/shared/signaling';
import { SignalingHub } from './hub.ts';

const ID = 'A'.repeat(22);
const offerFor = (u: string) => {
  const parsed = parsePairingUri(`vigil://pair?v=1&u=${u}&id=${ID}&t=${'T'.repeat(22)}&fp=${'F'.repeat(22)}`);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.offer;
};

/** A browser WebSocket stand-in: `refuse` fails every connection as a refused certificate does. */
function stubWebSocket(refuse: boolean) {
  return class {
    readyState = 0;
    onopen: ((e: unknown) => void) | null = null;
    onmessage: ((e: { data: string }) => void) | null = null;
    onclose: ((e: { code: number; reason: string }) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    constructor() {
      setTimeout(() => {
        if (refuse) {
          this.onerror?.({ type: 'error' });
          this.onclose?.({ code: 1006, reason: '' });
          return;
        }
        this.readyState = 1;
        this.onopen?.({ type: 'open' });
        this.onmessage?.({ data: JSON.stringify({ type: 'welcome', protocol: PROTOCOL_VERSION, peerId: `~${'p'.repeat(12)}`, heartbeatMs: 30_000, maxPayload: 65_536 }) });
      }, 1);
    }
    send() {}
    close() {}
  };
}

describe('SignalingHub.pair', () => {
  const realWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;
  const hub = new SignalingHub({ presence: () => {}, connection: () => {} });
  afterEach(() => {
    hub.stop();
    (globalThis as { WebSocket?: unknown }).WebSocket = realWebSocket;
  });

  it('says the server was never reached, or holds another key, when no connection opened', async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket = stubWebSocket(true);
    await expect(hub.pair(offerFor('192.0.2.9:8443'), 'Test', 300)).rejects.toThrow(
      /secure connection to the signalling server at 192\.0\.2\.9:8443.*does not hold the certificate key this pairing code names/,
    );
  });

  it('says the streamer did not answer when the server let us in', async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket = stubWebSocket(false);
    await expect(hub.pair(offerFor('192.0.2.9:8443'), 'Test', 300)).rejects.toThrow(/the streamer did not answer in time/);
  });
});
