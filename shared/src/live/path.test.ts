import { describe, expect, it } from 'vitest';
import { answerHasVideoTrack, describeLivePath, readLivePath, unplayableSentence, type LivePathMessage } from './path.ts';

const h264: LivePathMessage & { path: 'mse' } = { type: 'live-path', path: 'mse', reason: 'browser-lacks-h264', mime: 'video/mp4; codecs="avc1.42c01e"', width: 640, height: 360 };
const h265: LivePathMessage & { path: 'mse' } = { ...h264, reason: 'camera-h265', mime: 'video/mp4; codecs="hev1.1.6.L93.B0"' };

describe('live-path messages', () => {
  it('reads a well-formed announcement and ignores other data-channel messages', () => {
    expect(readLivePath(JSON.stringify(h264))).toEqual(h264);
    expect(readLivePath('{"type":"motion-boxes","boxes":[]}')).toBeUndefined();
    expect(readLivePath('{"type":"live-path"')).toBeUndefined();
  });

  it('reads a stream with the camera’s sound as a second (Opus) track, and nothing else after the video codec', () => {
    const withSound = { ...h264, mime: 'video/mp4; codecs="avc1.42c01e,opus"', audio: true };
    expect(readLivePath(JSON.stringify(withSound))).toEqual(withSound);
    expect(readLivePath(JSON.stringify({ ...h264, mime: 'video/mp4; codecs="avc1.42c01e,mp4a.40.2"', audio: true }))).toBeUndefined();
    expect(readLivePath(JSON.stringify({ ...withSound, audio: false }))).toBeUndefined();
  });

  it('refuses a MIME type that could carry more than a codec list, and unknown reasons', () => {
    expect(readLivePath(JSON.stringify({ ...h264, mime: 'video/mp4; codecs="avc1"; x=<script>' }))).toBeUndefined();
    expect(readLivePath(JSON.stringify({ ...h264, reason: 'because' }))).toBeUndefined();
    expect(readLivePath(JSON.stringify({ ...h264, width: -1 }))).toBeUndefined();
  });

  it('says which path and why, and what is missing when a browser can play neither', () => {
    expect(describeLivePath(h264)).toMatch(/^No H\.264 over WebRTC in this browser/);
    expect(describeLivePath(h265)).toBe("H.265 camera: played through the browser's media decoder");
    expect(unplayableSentence(h265.mime, true)).toMatch(/^The camera sends H\.265 \(HEVC\) and this browser's media decoder does not take it\. .*H\.264\.$/);
    expect(unplayableSentence(h264.mime, false)).toMatch(/no MediaSource .*OpenH264/);
  });
});

describe('answerHasVideoTrack', () => {
  it('tells a track answer from a data-channel one', () => {
    const answer = (direction: string) => `v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=${direction}\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sendrecv\r\n`;
    expect(answerHasVideoTrack(answer('sendonly'))).toBe(true);
    expect(answerHasVideoTrack(answer('inactive'))).toBe(false);
    expect(answerHasVideoTrack('v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n')).toBe(false);
  });
});
