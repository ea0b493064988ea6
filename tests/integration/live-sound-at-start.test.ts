/**
 * A tile opened while its camera is still starting (the engine just launched, or the viewer's
 * grid reconnected at once) gets the camera's sound. The engine learns whether a camera has sound
 * from ffmpeg's input listing; an offer answered before that was answered without sound, and the
 * tile stayed silent for its whole life. Real parts: GStreamer's RTSP camera sending AAC, the
 * engine's camera manager and ffmpeg, a werift offer like a viewer's.
 */
import { RTCPeerConnection, useH264, useOPUS } from 'werift';
import { afterAll, describe, expect, it } from 'vitest';
import { createCameraManager } from '../../apps/streamer/src/engine/camera/manager.ts';
import { startRtspServer } from '../helpers/rtsp-server.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** The direction of the answer's audio section. */
function audioDirection(sdp: string): string | undefined {
  const section = sdp.split(/\r?\nm=/).find((s) => s.startsWith('audio'));
  return section && /a=(sendonly|recvonly|sendrecv|inactive)/.exec(section)?.[1];
}

describe('a live offer to a camera that is still starting', () => {
  it('is answered with the camera’s sound', async () => {
    const camera = await startRtspServer({ audio: 'aac', width: 320, height: 180 });
    cleanups.push(() => camera.stop());
    const manager = createCameraManager({ ffmpegPath: 'ffmpeg' });
    cleanups.push(() => manager.stop());
    await manager.start();
    await manager.upsert({ id: 'door', name: 'Door', source: { kind: 'rtsp', url: camera.url(), transport: 'tcp' } });
    expect(manager.states()[0]?.state).toBe('starting');

    const viewer = new RTCPeerConnection({ codecs: { video: [useH264()], audio: [useOPUS()] } });
    cleanups.push(() => viewer.close());
    viewer.addTransceiver('video', { direction: 'recvonly' });
    viewer.addTransceiver('audio', { direction: 'recvonly' });
    viewer.createDataChannel('events');
    await viewer.setLocalDescription(await viewer.createOffer());
    const session = await manager.openSession({ cameraId: 'door', offerSdp: viewer.localDescription!.sdp });
    expect(audioDirection(session.answerSdp)).toBe('sendonly');
  });
});
