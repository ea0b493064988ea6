import { describe, expect, it } from 'vitest';
import { findBackchannel } from './backchannel.ts';

const sdp = (audio: string) =>
  ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=cam', 't=0 0', 'm=video 0 RTP/AVP 96', 'a=rtpmap:96 H264/90000', 'a=control:stream=0', 'a=recvonly', audio, ''].join('\r\n');

describe('finding the ONVIF backchannel in a camera’s SDP', () => {
  it('takes the sendonly audio section, its codec and its control URL under Content-Base', () => {
    const text = sdp('m=audio 0 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=control:stream=1\r\na=sendonly');
    expect(findBackchannel(text, 'rtsp://cam/live/')).toEqual({ control: 'rtsp://cam/live/stream=1', codec: 'PCMA', payloadType: 8 });
    expect(findBackchannel(text, 'rtsp://cam/live')?.control).toBe('rtsp://cam/live/stream=1');
  });

  it('knows G.711 µ-law by its static payload type, and keeps an absolute control URL', () => {
    const text = sdp('m=audio 0 RTP/AVP 0\r\na=control:rtsp://cam/back\r\na=sendonly');
    expect(findBackchannel(text, 'rtsp://cam/')).toEqual({ control: 'rtsp://cam/back', codec: 'PCMU', payloadType: 0 });
  });

  it('finds none in a camera’s own sound or in a codec it cannot take', () => {
    expect(findBackchannel(sdp('m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/16000\r\na=control:stream=1\r\na=recvonly'), 'rtsp://cam/')).toBeUndefined();
    expect(findBackchannel(sdp('m=audio 0 RTP/AVP 97\r\na=rtpmap:97 opus/48000/2\r\na=control:stream=1\r\na=sendonly'), 'rtsp://cam/')).toBeUndefined();
  });
});
