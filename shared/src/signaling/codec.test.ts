import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseServerMessage } from './codec.ts';
import type { ClientMessage, ServerMessage } from './messages.ts';

const STREAMER = 'AAAAAAAAAAAAAAAAAAAAAA';
const PEER = '~abcdefghijkl';
const SESSION = 'session-1';

const validClient: ClientMessage[] = [
  { type: 'register', streamerId: STREAMER, publicKey: 'A'.repeat(43), id: 'm1' },
  { type: 'register-proof', signature: 'B'.repeat(86) },
  { type: 'presence-subscribe', streamerIds: [STREAMER] },
  { type: 'offer', to: STREAMER, session: SESSION, sdp: 'v=0\r\n', auth: 'opaque' },
  { type: 'answer', to: PEER, session: SESSION, sdp: 'v=0\r\n' },
  { type: 'candidate', to: STREAMER, session: SESSION, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } },
  { type: 'candidate', to: PEER, session: SESSION, candidate: null },
  { type: 'bye', to: STREAMER, session: SESSION, reason: 'closed' },
  { type: 'pair-request', to: STREAMER, session: SESSION, payload: 'x' },
  { type: 'pair-response', to: PEER, session: SESSION, payload: 'y' },
  { type: 'offer', to: STREAMER, session: SESSION, sdp: 'v=0', camera: 'porch', substream: true },
  { type: 'request', to: STREAMER, session: SESSION, payload: '{"method":"cameras"}', auth: 'mac' },
  { type: 'response', to: PEER, session: SESSION, payload: '[]' },
  { type: 'reach-check', id: 'rc-1', port: 8443 },
];

describe('client messages', () => {
  it.each(validClient.map((m) => [m.type, m] as const))('round-trips %s', (_type, message) => {
    const parsed = parseClientMessage(JSON.stringify(message));
    expect(parsed).toEqual({ ok: true, message });
  });

  const bad: [string, string, string, RegExp][] = [
    ['not JSON', '{"type":', 'bad-json', /not valid JSON/],
    ['an array', '[1,2]', 'bad-message', /JSON object/],
    ['no type', '{"to":"x"}', 'bad-message', /type: must be a string/],
    ['an unknown type', '{"type":"hack"}', 'unknown-type', /"hack" is not a message type/],
    ['a server-only type', '{"type":"welcome"}', 'unknown-type', /welcome/],
    ['an offer without sdp', JSON.stringify({ type: 'offer', to: STREAMER, session: SESSION }), 'bad-message', /^sdp: /],
    ['an offer to a malformed address', JSON.stringify({ type: 'offer', to: 'nobody', session: SESSION, sdp: 'v=0' }), 'bad-message', /^to: /],
    ['an oversized sdp', JSON.stringify({ type: 'offer', to: STREAMER, session: SESSION, sdp: 'x'.repeat(40_000) }), 'bad-message', /^sdp: Too big/],
    ['a short session id', JSON.stringify({ type: 'bye', to: STREAMER, session: 'a' }), 'bad-message', /^session: must be 8-64/],
    ['an extra field', JSON.stringify({ type: 'bye', to: STREAMER, session: SESSION, evil: 1 }), 'bad-message', /evil/],
    ['an offer for a malformed camera id', JSON.stringify({ type: 'offer', to: STREAMER, session: SESSION, sdp: 'v=0', camera: 'Bad Id' }), 'bad-message', /^camera: must be a camera id/],
    ['a bad public key', JSON.stringify({ type: 'register', streamerId: STREAMER, publicKey: 'short' }), 'bad-message', /^publicKey: must be a 32-byte/],
    ['a bad signature', JSON.stringify({ type: 'register-proof', signature: '!' }), 'bad-message', /^signature: /],
    ['a candidate index out of range', JSON.stringify({ type: 'candidate', to: STREAMER, session: SESSION, candidate: { candidate: 'c', sdpMLineIndex: 999 } }), 'bad-message', /^candidate.sdpMLineIndex: /],
    ['a reach-check without id', JSON.stringify({ type: 'reach-check', port: 8443 }), 'bad-message', /^id: /],
    ['a reach-check to port 0', JSON.stringify({ type: 'reach-check', id: 'r', port: 0 }), 'bad-message', /^port: /],
    ['a reach-check naming an address', JSON.stringify({ type: 'reach-check', id: 'r', port: 443, address: '10.0.0.1' }), 'bad-message', /address/],
    ['too many presence ids', JSON.stringify({ type: 'presence-subscribe', streamerIds: Array(65).fill(STREAMER) }), 'bad-message', /^streamerIds: /],
  ];
  it.each(bad)('rejects %s with a precise error', (_name, text, code, error) => {
    const parsed = parseClientMessage(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.code).toBe(code);
    expect(parsed.error).toMatch(error);
  });

  it('echoes the type and id of a rejected message', () => {
    const parsed = parseClientMessage(JSON.stringify({ type: 'offer', id: 'abc', to: 'x', session: SESSION, sdp: 's' }));
    expect(parsed).toMatchObject({ ok: false, ref: { type: 'offer', id: 'abc' } });
  });
});

describe('server messages', () => {
  const validServer: ServerMessage[] = [
    { type: 'welcome', protocol: 1, peerId: PEER, heartbeatMs: 30000, maxPayload: 65536 },
    { type: 'challenge', nonce: 'C'.repeat(43) },
    { type: 'registered', streamerId: STREAMER },
    { type: 'presence', streamerId: STREAMER, online: true },
    { type: 'reach-result', id: 'rc-1', reachable: true, address: '203.0.113.7', port: 8443, spkiSha256: `${'A'.repeat(43)}=` },
    { type: 'reach-result', id: 'rc-2', reachable: false, address: '2001:db8::1', port: 8443, error: 'connection refused' },
    { type: 'error', code: 'rate-limited', message: 'slow down', ref: { type: 'offer', id: '1' } },
    { type: 'offer', to: STREAMER, from: PEER, session: SESSION, sdp: 'v=0' },
  ];
  it.each(validServer.map((m) => [m.type, m] as const))('round-trips %s', (_type, message) => {
    expect(parseServerMessage(JSON.stringify(message))).toEqual({ ok: true, message });
  });

  it('requires `from` on relayed messages', () => {
    const parsed = parseServerMessage(JSON.stringify({ type: 'answer', to: PEER, session: SESSION, sdp: 'v=0' }));
    expect(parsed).toMatchObject({ ok: false, code: 'bad-message' });
  });

  it('rejects an unknown error code', () => {
    expect(parseServerMessage(JSON.stringify({ type: 'error', code: 'nope', message: '' }))).toMatchObject({ ok: false });
  });
});
