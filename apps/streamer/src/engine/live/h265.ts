/**
 * H.265 (HEVC) for the live path: NAL unit types (ITU-T H.265 7.4.2.2), "does this RTP packet
 * start a keyframe" (RFC 7798: single NAL units, aggregation packets, fragmentation units), and
 * what an fMP4 init segment needs from the parameter sets: the picture's size, the hvcC record and
 * the RFC 6381 codec string (ISO/IEC 14496-15 annex E), for MediaSource.
 */
import { BitReader, unescape } from './bits.ts';

/** A NAL unit's type, from the first byte of its two-byte header. */
export const nalType = (firstByte: number): number => (firstByte >> 1) & 0x3f;

/** IRAP pictures (BLA, IDR, CRA): a decoder can start at them. */
export const isKeyframeNal = (type: number): boolean => type >= 16 && type <= 21;

export const NAL_VPS = 32;
export const NAL_SPS = 33;
export const NAL_PPS = 34;
export const NAL_AUD = 35;
/** RTP payload structures of RFC 7798. */
export const AGGREGATION = 48;
export const FRAGMENTATION = 49;

/** True when the payload carries a VPS/SPS or the start of an IRAP picture. */
export function startsKeyframe265(packet: Buffer, offset: number, length: number): boolean {
  if (length < 3) return false;
  const type = nalType(packet[offset]!);
  const starts = (t: number) => isKeyframeNal(t) || t === NAL_VPS || t === NAL_SPS;
  if (type === FRAGMENTATION) return (packet[offset + 2]! & 0x80) !== 0 && starts(packet[offset + 2]! & 0x3f);
  if (type === AGGREGATION) {
    for (let at = offset + 2; at + 3 <= offset + length; at += 2 + packet.readUInt16BE(at)) if (starts(nalType(packet[at + 2]!))) return true;
    return false;
  }
  return starts(type);
}

/** What an init segment needs from an H.265 SPS. */
export interface HevcSps {
  width: number;
  height: number;
  chromaFormat: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  /** Temporal sub-layers (sps_max_sub_layers_minus1 + 1). */
  subLayers: number;
  temporalIdNested: boolean;
  /** general_profile_space … general_level_idc: the 12 bytes hvcC copies. */
  profileTierLevel: Uint8Array;
  /** e.g. `hev1.1.6.L93.B0`. */
  codec: string;
}

/** Reads an SPS NAL unit (with its two-byte header); throws on one cut short. */
export function readHevcSps(nal: Uint8Array): HevcSps {
  const bits = new BitReader(unescape(nal.subarray(2)));
  bits.read(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = bits.read(3);
  const temporalIdNested = bits.read(1) === 1;
  const ptlStart = bits.position / 8;
  bits.read(8 + 32 + 48 + 8);
  const profileTierLevel = bits.bytes.subarray(ptlStart, ptlStart + 12);
  const present: [number, number][] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) present.push([bits.read(1), bits.read(1)]);
  if (maxSubLayersMinus1 > 0) for (let i = maxSubLayersMinus1; i < 8; i++) bits.read(2);
  for (const [profile, level] of present) {
    if (profile) bits.read(88);
    if (level) bits.read(8);
  }
  bits.ue(); // sps_seq_parameter_set_id
  const chromaFormat = bits.ue();
  if (chromaFormat === 3) bits.read(1);
  let width = bits.ue();
  let height = bits.ue();
  if (bits.read(1)) {
    const [left, right, top, bottom] = [bits.ue(), bits.ue(), bits.ue(), bits.ue()];
    const subWidth = chromaFormat === 1 || chromaFormat === 2 ? 2 : 1;
    const subHeight = chromaFormat === 1 ? 2 : 1;
    width -= subWidth * (left + right);
    height -= subHeight * (top + bottom);
  }
  const bitDepthLuma = bits.ue() + 8;
  const bitDepthChroma = bits.ue() + 8;
  return { width, height, chromaFormat, bitDepthLuma, bitDepthChroma, subLayers: maxSubLayersMinus1 + 1, temporalIdNested, profileTierLevel: Uint8Array.from(profileTierLevel), codec: hevcCodecString('hev1', profileTierLevel) };
}

/** The RFC 6381 string of a profile_tier_level (12 bytes, as in SPS and hvcC), e.g. `hev1.1.6.L93.B0`. */
export function hevcCodecString(entry: string, ptl: Uint8Array): string {
  const space = ['', 'A', 'B', 'C'][ptl[0]! >> 6]!;
  const tier = ptl[0]! & 0x20 ? 'H' : 'L';
  const profile = ptl[0]! & 0x1f;
  const compatibility = new DataView(ptl.buffer, ptl.byteOffset + 1, 4).getUint32(0);
  let reversed = 0;
  for (let i = 0; i < 32; i++) if (compatibility & (1 << i)) reversed |= 1 << (31 - i);
  const constraints = Array.from(ptl.subarray(5, 11));
  while (constraints.length > 0 && constraints.at(-1) === 0) constraints.pop();
  return [`${entry}.${space}${profile}`, (reversed >>> 0).toString(16).toUpperCase(), `${tier}${ptl[11]}`, ...constraints.map((b) => b.toString(16).toUpperCase())].join('.');
}

/** The hvcC record (ISO/IEC 14496-15 8.3.3.1) of a stream with these parameter sets. */
export function hvcC(sps: HevcSps, vps: Uint8Array, spsNal: Uint8Array, pps: Uint8Array): Buffer {
  const head = Buffer.alloc(23);
  head[0] = 1;
  head.set(sps.profileTierLevel, 1);
  head.writeUInt16BE(0xf000, 13); // min_spatial_segmentation_idc 0
  head[15] = 0xfc; // parallelismType 0
  head[16] = 0xfc | sps.chromaFormat;
  head[17] = 0xf8 | (sps.bitDepthLuma - 8);
  head[18] = 0xf8 | (sps.bitDepthChroma - 8);
  head.writeUInt16BE(0, 19); // avgFrameRate unknown
  head[21] = (sps.subLayers << 3) | (sps.temporalIdNested ? 4 : 0) | 3; // 4-byte NAL lengths
  head[22] = 3;
  const array = (type: number, nal: Uint8Array) => {
    const out = Buffer.alloc(5 + nal.length);
    out[0] = 0x80 | type;
    out.writeUInt16BE(1, 1);
    out.writeUInt16BE(nal.length, 3);
    out.set(nal, 5);
    return out;
  };
  return Buffer.concat([head, array(NAL_VPS, vps), array(NAL_SPS, spsNal), array(NAL_PPS, pps)]);
}
