/**
 * What a fragmented MP4 init segment needs from an H.264 sequence parameter set (ITU-T H.264
 * 7.3.2.1.1): the picture's size after cropping, and the RFC 6381 codec string for MediaSource.
 */
import { BitReader, unescape } from './bits.ts';

/** Size and codec of a stream, from its SPS. */
export interface SpsInfo {
  width: number;
  height: number;
  /** e.g. `avc1.42e01e`: profile, constraint flags and level, as MediaSource wants them. */
  codec: string;
}

/** Profiles whose SPS carries chroma format and bit depth fields. */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Reads an SPS NAL unit (with its one-byte header); throws on one cut short. */
export function readSps(nal: Uint8Array): SpsInfo {
  const rbsp = unescape(nal.subarray(1));
  const bits = new BitReader(rbsp);
  const profile = bits.read(8);
  bits.read(16); // constraint flags, level
  bits.ue(); // seq_parameter_set_id
  let chroma = 1;
  if (HIGH_PROFILES.has(profile)) {
    chroma = bits.ue();
    if (chroma === 3) bits.read(1); // separate_colour_plane_flag
    bits.ue(); // bit_depth_luma_minus8
    bits.ue(); // bit_depth_chroma_minus8
    bits.read(1); // qpprime_y_zero_transform_bypass_flag
    if (bits.read(1)) {
      for (let i = 0; i < (chroma === 3 ? 12 : 8); i++) if (bits.read(1)) skipScalingList(bits, i < 6 ? 16 : 64);
    }
  }
  bits.ue(); // log2_max_frame_num_minus4
  const pocType = bits.ue();
  if (pocType === 0) bits.ue();
  else if (pocType === 1) {
    bits.read(1);
    bits.se();
    bits.se();
    const cycle = bits.ue();
    for (let i = 0; i < cycle; i++) bits.se();
  }
  bits.ue(); // max_num_ref_frames
  bits.read(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = bits.ue() + 1;
  const heightMapUnits = bits.ue() + 1;
  const frameMbsOnly = bits.read(1);
  if (!frameMbsOnly) bits.read(1); // mb_adaptive_frame_field_flag
  bits.read(1); // direct_8x8_inference_flag
  let crop = [0, 0, 0, 0];
  if (bits.read(1)) crop = [bits.ue(), bits.ue(), bits.ue(), bits.ue()];
  const subWidth = chroma === 1 || chroma === 2 ? 2 : 1;
  const subHeight = chroma === 1 ? 2 : 1;
  const cropX = chroma === 0 ? 1 : subWidth;
  const cropY = (chroma === 0 ? 1 : subHeight) * (2 - frameMbsOnly);
  const hex = (i: number) => nal[i]!.toString(16).padStart(2, '0');
  return {
    width: widthMbs * 16 - (crop[0]! + crop[1]!) * cropX,
    height: (2 - frameMbsOnly) * heightMapUnits * 16 - (crop[2]! + crop[3]!) * cropY,
    codec: `avc1.${hex(1)}${hex(2)}${hex(3)}`,
  };
}

function skipScalingList(bits: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size && next !== 0; j++) {
    next = (last + bits.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}
