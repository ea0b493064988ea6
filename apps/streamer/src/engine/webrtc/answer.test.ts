import { afterEach, describe, expect, it } from 'vitest';
import { RTCPeerConnection } from 'werift';
import { addRemoteCandidate, answerOffer } from './answer.ts';

const peers: RTCPeerConnection[] = [];
afterEach(async () => {
  for (const pc of peers.splice(0)) await pc.close();
});

/** A data-channel offer from a real werift peer, as a browser would send one. */
async function offer(): Promise<string> {
  const browser = new RTCPeerConnection({ iceServers: [] });
  peers.push(browser);
  browser.createDataChannel('events');
  await browser.setLocalDescription(await browser.createOffer());
  return browser.localDescription!.sdp;
}

describe('answerOffer', () => {
  // werift falls back to stun.l.google.com when no STUN server is set: a LAN session looked it up.
  it('asks no STUN server unless one is configured', async () => {
    const stunOf = (pc: RTCPeerConnection) => (pc.iceTransports as unknown as { connection: { stunServer?: unknown } }[]).map((t) => t.connection.stunServer);
    const lan = new RTCPeerConnection({ iceServers: [] });
    const remote = new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.1:9' }] }); // loopback: nothing leaves the machine
    peers.push(lan, remote);
    await answerOffer(lan, await offer(), { gatherTimeoutMs: 0 });
    await answerOffer(remote, await offer(), { gatherTimeoutMs: 0 });
    expect(stunOf(lan)).toEqual([undefined]);
    expect(stunOf(remote)).toEqual([['127.0.0.1', 9]]);
  });

  it('answers with the gathered candidates in the SDP, after shaping', async () => {
    const engine = new RTCPeerConnection({ iceServers: [] });
    peers.push(engine);
    let shapedBeforeAnswer = false;
    const sdp = await answerOffer(engine, await offer(), { shape: () => void (shapedBeforeAnswer = !engine.localDescription && !!engine.remoteDescription) });
    expect(shapedBeforeAnswer).toBe(true);
    expect(sdp).toMatch(/^m=application /m);
    expect(sdp).toMatch(/^a=candidate:/m);
  });

  it('drops mDNS candidates from the offer, and skips empty and mDNS trickled ones', async () => {
    const engine = new RTCPeerConnection({ iceServers: [] });
    peers.push(engine);
    const mdns = 'candidate:1 1 udp 2122260223 0b7b9e1c-7e3f-4d7a-9d2b-2f1f7a1c9e00.local 50000 typ host';
    const withMdns = (await offer()).replace(/(a=mid:.*\r?\n)/, `$1a=${mdns}\r\n`);
    await answerOffer(engine, withMdns);
    expect(engine.remoteDescription!.sdp).not.toContain('.local');
    const added: unknown[] = [];
    const add = engine.addIceCandidate.bind(engine);
    engine.addIceCandidate = async (candidate) => (added.push(candidate), add(candidate));
    await addRemoteCandidate(engine, { candidate: mdns, sdpMid: '0', sdpMLineIndex: 0 });
    await addRemoteCandidate(engine, { candidate: '', sdpMid: '0', sdpMLineIndex: 0 });
    expect(added).toEqual([]);
    await addRemoteCandidate(engine, { candidate: 'candidate:2 1 udp 2122260223 192.0.2.7 50001 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null });
    expect(added).toEqual([{ candidate: 'candidate:2 1 udp 2122260223 192.0.2.7 50001 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: undefined }]);
  });
});
