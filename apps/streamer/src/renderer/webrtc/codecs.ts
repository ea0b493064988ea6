/** Codec preference of the receiving video transceiver (as in the viewer app). */

/**
 * Puts H.264 first (the engine forwards the camera's H.264 without re-encoding), packetization
 * mode 1 and constrained baseline before the rest. No-op where the browser lacks the API.
 */
export function preferH264(transceiver: RTCRtpTransceiver): void {
  const caps = typeof RTCRtpReceiver.getCapabilities === 'function' ? RTCRtpReceiver.getCapabilities('video') : null;
  if (!caps || typeof transceiver.setCodecPreferences !== 'function') return;
  const isH264 = (c: RTCRtpCodec) => c.mimeType.toLowerCase() === 'video/h264';
  const h264 = caps.codecs.filter(isH264);
  if (h264.length === 0) return;
  const rank = (c: RTCRtpCodec) => {
    const fmtp = c.sdpFmtpLine ?? '';
    return (fmtp.includes('packetization-mode=1') ? 0 : 2) + (/profile-level-id=42/.test(fmtp) ? 0 : 1);
  };
  h264.sort((a, b) => rank(a) - rank(b));
  transceiver.setCodecPreferences([...h264, ...caps.codecs.filter((c) => !isH264(c))]);
}
