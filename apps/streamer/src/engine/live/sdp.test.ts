import { describe, expect, it } from 'vitest';
import { isMdnsCandidate, keepInactiveVideo, offeredVideoCodec, offersH264, prepareOffer } from './sdp.ts';

const OFFER = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 127',
  'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=recvonly',
  'a=rtpmap:96 VP8/90000', 'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000', 'a=fmtp:97 apt=96',
  'a=rtpmap:102 H264/90000', 'a=rtcp-fb:102 nack pli', 'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f',
  'a=rtpmap:103 H264/90000', 'a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:127 H264/90000', 'a=rtcp-fb:127 nack pli', 'a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=candidate:1 1 udp 2113937151 0a1b2c3d-1111-2222-3333-444455556666.local 50000 typ host generation 0',
  'a=candidate:2 1 udp 2113937151 192.0.2.2 50001 typ host generation 0',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0', 'a=mid:1', 'a=sctp-port:5000',
].join('\r\n') + '\r\n';

describe('prepareOffer', () => {
  const out = prepareOffer(OFFER);
  it('keeps only constrained baseline, packetization-mode 1 H.264 in the video section', () => {
    expect(out).toContain('m=video 9 UDP/TLS/RTP/SAVPF 127\r\n');
    expect(out).toContain('a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f');
    expect(out).not.toMatch(/a=rtpmap:(96|97|102|103) /);
    expect(out).toContain('a=rtcp-fb:127 nack pli');
  });

  it('leaves the data channel section alone and drops mDNS candidates', () => {
    expect(out).toContain('m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n');
    expect(out).toContain('192.0.2.2 50001');
    expect(out).not.toContain('.local');
    expect(isMdnsCandidate('candidate:1 1 udp 1 abc.local 5 typ host')).toBe(true);
    expect(isMdnsCandidate('candidate:1 1 udp 1 10.0.0.1 5 typ host')).toBe(false);
  });
});

describe('the data-channel path decision', () => {
  // Firefox without OpenH264: VP8, VP9 and AV1 (with rtx) only.
  const NO_H264 = OFFER.split('\r\n').filter((line) => !/^a=(rtpmap|fmtp|rtcp-fb):(102|103|127) /.test(line)).join('\r\n');

  it('sees whether the offer has an H.264 format the engine can send as a track', () => {
    expect(offersH264(OFFER)).toBe(true);
    expect(offersH264(NO_H264)).toBe(false);
    // packetization-mode 0 only: not sendable either
    expect(offersH264(OFFER.split('\r\n').filter((line) => !/^a=(rtpmap|fmtp|rtcp-fb):(103|127) /.test(line)).join('\r\n'))).toBe(false);
  });

  it('takes the first media codec of the video section to answer it inactive', () => {
    expect(offeredVideoCodec(NO_H264)).toEqual({ mimeType: 'video/VP8', clockRate: 90000 });
    expect(offeredVideoCodec('v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n')).toBeUndefined();
  });

  it('keeps the inactive video section in the bundle (port 9, not 0)', () => {
    const answer = 'v=0\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\na=inactive\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n';
    expect(keepInactiveVideo(answer)).toBe('v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=inactive\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n');
  });
});
