/**
 * Codec preference of a receiving video transceiver, for both apps' pages: H.264 first (the engine
 * forwards the camera's H.264 without re-encoding, and hardware decodes it), packetization mode 1
 * and constrained baseline (what cameras and libx264 zerolatency send) before the other H.264
 * variants, the other codecs kept as fallbacks. Typed structurally, so shared/ needs no DOM types.
 */

/** The fields of an RTCRtpCodec this reads. */
export interface CodecLike {
  mimeType: string;
  sdpFmtpLine?: string;
}

/** The part of an RTCRtpTransceiver this uses (absent in browsers without the API). */
export interface PreferringTransceiver<C extends CodecLike> {
  setCodecPreferences?: (codecs: C[]) => void;
}

/** The codec list with H.264 first, best variant first; undefined when there is no H.264. */
export function h264First<C extends CodecLike>(codecs: readonly C[]): C[] | undefined {
  const isH264 = (c: C) => c.mimeType.toLowerCase() === 'video/h264';
  const rank = (c: C) => {
    const fmtp = c.sdpFmtpLine ?? '';
    return (fmtp.includes('packetization-mode=1') ? 0 : 2) + (/profile-level-id=42/.test(fmtp) ? 0 : 1);
  };
  const h264 = codecs.filter(isH264).sort((a, b) => rank(a) - rank(b));
  return h264.length === 0 ? undefined : [...h264, ...codecs.filter((c) => !isH264(c))];
}

/**
 * Applies h264First to `transceiver` given the browser's receive capabilities
 * (`RTCRtpReceiver.getCapabilities('video')`); a no-op where either is missing.
 */
export function preferH264<C extends CodecLike>(transceiver: PreferringTransceiver<C>, capabilities: { codecs: C[] } | null | undefined): void {
  if (!capabilities || typeof transceiver.setCodecPreferences !== 'function') return;
  const ordered = h264First(capabilities.codecs);
  if (ordered) transceiver.setCodecPreferences(ordered);
}
