/**
 * Offer clean-up before werift sees it. werift picks the first H.264 payload of the offer without
 * looking at its parameters, so the offer is narrowed to the one format the engine sends
 * (packetization-mode 1, constrained baseline preferred). Browser mDNS host candidates (.local)
 * are dropped: resolving them would multicast on the LAN, and the browser's connectivity checks
 * reach the engine anyway (peer-reflexive candidates).
 */

/** Returns the offer with one H.264 format in the video section and no .local candidates. */
export function prepareOffer(sdp: string): string {
  const lines = sdp.split(/\r?\n/).filter((line) => line !== '' && !isMdnsCandidate(line));
  const keep = chooseH264(lines);
  const out: string[] = [];
  let inVideo = false;
  for (const line of lines) {
    if (line.startsWith('m=')) inVideo = line.startsWith('m=video');
    if (inVideo && keep !== undefined) {
      if (line.startsWith('m=video')) {
        const parts = line.split(' ');
        out.push([...parts.slice(0, 3), String(keep)].join(' '));
        continue;
      }
      const pt = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/.exec(line)?.[1];
      if (pt !== undefined && Number(pt) !== keep) continue;
    }
    out.push(line);
  }
  return out.join('\r\n') + '\r\n';
}

/** True for an a=candidate line (or bare candidate string) whose address is an mDNS name. */
export function isMdnsCandidate(line: string): boolean {
  return /candidate:/.test(line) && /\s[^\s]+\.local\s/i.test(line);
}

function chooseH264(lines: string[]): number | undefined {
  const h264 = lines.flatMap((line) => {
    const match = /^a=rtpmap:(\d+) H264\/90000/i.exec(line);
    return match ? [Number(match[1])] : [];
  });
  const fmtp = (pt: number) => lines.find((line) => line.startsWith(`a=fmtp:${pt} `)) ?? '';
  const score = (pt: number) => {
    const params = fmtp(pt);
    if (!/packetization-mode=1/.test(params)) return 0;
    if (/profile-level-id=42e0/i.test(params)) return 3;
    if (/profile-level-id=42/i.test(params)) return 2;
    return 1;
  };
  const best = h264.sort((a, b) => score(b) - score(a))[0];
  return best !== undefined && score(best) > 0 ? best : undefined;
}

/** True when the offer lists an H.264 format the engine can send as a track (see prepareOffer). */
export function offersH264(sdp: string): boolean {
  return chooseH264(sdp.split(/\r?\n/)) !== undefined;
}

/**
 * The first media codec of the offer's video section (not rtx, red or ulpfec), as `video/NAME`
 * with its clock rate; undefined without a video section. A session that sends its picture over
 * the data channel answers the section with it, inactive: werift refuses a section it shares no
 * codec with, and with it the whole offer.
 */
export function offeredVideoCodec(sdp: string): { mimeType: string; clockRate: number } | undefined {
  let inVideo = false;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) inVideo = line.startsWith('m=video');
    const match = inVideo ? /^a=rtpmap:\d+ ([\w-]+)\/(\d+)/.exec(line) : null;
    if (match && !/^(rtx|red|ulpfec|flexfec-03)$/i.test(match[1]!)) return { mimeType: `video/${match[1]}`, clockRate: Number(match[2]) };
  }
  return undefined;
}

/**
 * The answer with its inactive video section kept (port 9) instead of rejected (port 0, as werift
 * writes every inactive section). The video section leads the BUNDLE group, and a browser rejects
 * the whole bundle, data channel included, when its leading section is rejected.
 */
export function keepInactiveVideo(sdp: string): string {
  return sdp.replace(/^m=video 0 /m, 'm=video 9 ');
}
