/**
 * One live preview over the control API (WHEP-style): the browser's RTCPeerConnection offers
 * recvonly video only (the engine has no audio to answer), waits for ICE gathering to finish
 * (at most gatherTimeoutMs) so the offer is complete, posts it, applies the answer. Closing it
 * deletes the engine's session too.
 *
 *   new ─open()─► offering ─answer─► connecting ─track + ICE connected─► live
 *        any failure, or the connection "failed" ─► closed (the caller retries)
 */
import type { ApiClient } from '../api/client.ts';
import { answerHasVideoTrack } from '@vigil/shared/live';
import { preferH264 } from '@vigil/shared/ui/codecs';

export interface PreviewOptions {
  /** Longest wait for ICE gathering before the offer goes as it is. Default 1000 ms. */
  gatherTimeoutMs?: number;
  /** Ask for the camera's substream (small cards). */
  substream?: boolean;
  /** Called once when the connection fails or closes after opening. */
  onLost?(reason: string): void;
  /** Receives the text messages of the `events` data channel (motion boxes and the like). */
  onEvent?(data: string): void;
}

/** An open preview: its stream, and a close() that ends the engine's session too. */
export interface Preview {
  stream: MediaStream;
  close(): void;
}

/** Opens a preview of `cameraId`; rejects with a sentence when the engine refuses or ICE fails. */
export async function openPreview(api: ApiClient, cameraId: string, options: PreviewOptions = {}): Promise<Preview> {
  const pc = new RTCPeerConnection({ iceServers: [] });
  let sessionId: string | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    pc.close();
    if (sessionId) void api.closeSession(sessionId).catch(() => undefined);
  };
  try {
    const transceiver = pc.addTransceiver('video', { direction: 'recvonly' });
    preferH264(transceiver, RTCRtpReceiver.getCapabilities?.('video'));
    // Always offered: without a data channel the engine cannot answer an H.265 camera at all (its
    // picture would go over it), and the preview could not say why it shows nothing.
    const channel = pc.createDataChannel('events');
    channel.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') options.onEvent?.(event.data);
    };
    const stream = new MediaStream();
    const track = new Promise<void>((resolve) => {
      pc.ontrack = (event) => {
        stream.addTrack(event.track);
        resolve();
      };
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc, options.gatherTimeoutMs ?? 1000);
    const answer = await api.openPreview(cameraId, pc.localDescription!.sdp, options.substream);
    sessionId = answer.sessionId;
    if (closed) throw new Error('closed');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    // An H.265 camera's picture goes over the data channel as fMP4 (for browsers that decode HEVC):
    // no track would ever come.
    if (!answerHasVideoTrack(answer.sdp)) throw new Error('This camera sends H.265, which this preview cannot show: watch it in the viewer, in a browser that decodes HEVC, or set the camera to H.264.');
    await track;
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        options.onLost?.(`the preview connection ${pc.connectionState}`);
        close();
      }
    };
    return { stream, close };
  } catch (error) {
    close();
    throw error;
  }
}

function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    }
    function check() {
      if (pc.iceGatheringState === 'complete') done();
    }
    pc.addEventListener('icegatheringstatechange', check);
  });
}
