/**
 * A paired viewer driven from Node: it pairs with a streamer through the real signalling server
 * using the shared pairing code, signs its offers, and checks the streamer's signed answers —
 * while a Chromium page does the WebRTC. The viewer UI does the same in the browser.
 */
import type { Page } from 'playwright-core';
import { SignalingClient, createNodeSocketFactory } from '@vigil/signaling/node';
import {
  createPairRequest,
  openPairResponse,
  parsePairingUri,
  PairResponse,
  parsePayload,
  randomBase64url,
  signViewerMessage,
  verifyStreamerMessage,
  type PairingOffer,
  type ViewerCredential,
} from '@vigil/shared/pairing';
import type { RelayMessage, ServerMessage } from '@vigil/shared/signaling';
import { createViewer, type PageViewer } from './chromium.ts';

/** Connects a viewer-role signalling client and waits until it is open. */
export async function connectSignaling(url: string, fingerprint?: string): Promise<SignalingClient> {
  const client = new SignalingClient({ url, role: 'viewer', createSocket: createNodeSocketFactory({ fingerprint }) });
  const open = new Promise<void>((resolve) => {
    const off = client.on('state', (s) => s === 'open' && (off(), resolve()));
  });
  client.start();
  await open;
  return client;
}

/** Sends `message` and resolves with the first reply in the same session that `accept` takes. */
export function exchange(client: SignalingClient, message: RelayMessage, accept: (m: ServerMessage) => boolean, timeoutMs = 15_000): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no reply to ${message.type}`))), timeoutMs);
    const off = client.on('message', (m) => {
      if ('session' in m && m.session === message.session && accept(m)) {
        clearTimeout(timer);
        off();
        resolve(m);
      }
    });
    client.send(message);
  });
}

/** Pairs with the streamer of `uri`; resolves with the credential or the refusal's message. */
export async function pair(client: SignalingClient, uri: string, name = 'Test viewer'): Promise<{ offer: PairingOffer; cred?: ViewerCredential; refusal?: string }> {
  const parsed = parsePairingUri(uri);
  if (!parsed.ok) throw new Error(parsed.error);
  const { request, keys } = await createPairRequest(parsed.offer, name);
  const reply = await exchange(client, { type: 'pair-request', to: parsed.offer.streamerId, session: randomBase64url(9), payload: JSON.stringify(request) }, (m) => m.type === 'pair-response');
  const response = parsePayload(PairResponse, (reply as { payload: string }).payload);
  if (!response.ok) throw new Error(response.error);
  if (!response.value.ok) return { offer: parsed.offer, refusal: response.value.message };
  return { offer: parsed.offer, cred: await openPairResponse(parsed.offer, keys, response.value) };
}

/** Opens a live tile in `page` for `camera`: signed offer, verified answer, trickled candidates. */
export async function watch(
  client: SignalingClient,
  page: Page,
  cred: ViewerCredential | undefined,
  camera: string,
  tamper?: (sdp: string) => string,
): Promise<{ viewer: PageViewer; answer?: ServerMessage; refusal?: string; session: string }> {
  const viewer = await createViewer(page, { trickle: false });
  const session = randomBase64url(9);
  const fields = { type: 'offer', streamerId: cred?.streamerId ?? '', session, camera, body: viewer.offer };
  const auth = cred ? await signViewerMessage(cred, fields) : undefined;
  const sdp = tamper ? tamper(viewer.offer) : viewer.offer;
  const to = cred?.streamerId ?? '';
  const reply = await exchange(client, { type: 'offer', to, session, camera, sdp, ...(auth ? { auth } : {}) }, (m) => m.type === 'answer' || m.type === 'bye');
  if (reply.type === 'bye') return { viewer, refusal: reply.reason, session };
  if (reply.type !== 'answer') throw new Error('unexpected reply');
  if (cred && !(await verifyStreamerMessage(cred, reply.auth, { type: 'answer', streamerId: cred.streamerId, session, camera, body: reply.sdp }))) {
    throw new Error('the answer is not signed by the paired streamer');
  }
  client.on('message', (m) => {
    if (m.type === 'candidate' && m.session === session && m.candidate) void viewer.addCandidate(m.candidate).catch(() => undefined);
  });
  await viewer.accept(reply.sdp);
  return { viewer, answer: reply, session };
}
