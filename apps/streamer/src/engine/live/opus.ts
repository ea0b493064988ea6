/**
 * What the data-channel path needs to know of an Opus packet (RFC 6716 §3.1): how long it plays,
 * read from its TOC byte, and a packet of silence to fill a gap in the sound track.
 */

/** Frame length in 48 kHz samples for each TOC configuration (0-11 SILK, 12-15 hybrid, 16-31 CELT). */
const FRAME_SAMPLES = [
  ...Array.from({ length: 12 }, (_, config) => [480, 960, 1920, 2880][config % 4]!),
  ...Array.from({ length: 4 }, (_, config) => [480, 960][config % 2]!),
  ...Array.from({ length: 16 }, (_, config) => [120, 240, 480, 960][config % 4]!),
];

/** The packet's length in 48 kHz samples; 0 for an empty or malformed packet. */
export function opusSamples(packet: Uint8Array): number {
  const toc = packet[0];
  if (toc === undefined) return 0;
  const frame = FRAME_SAMPLES[toc >> 3]!;
  const code = toc & 3;
  if (code === 0) return frame;
  if (code !== 3) return 2 * frame;
  const count = (packet[1] ?? 0) & 0x3f;
  // At most 120 ms in one packet.
  return count > 0 && count * frame <= 5760 ? count * frame : 0;
}

/** 20 ms of silence: a CELT fullband mono frame whose range-coded body decodes to silence. */
export const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

/** The length of OPUS_SILENCE in 48 kHz samples. */
export const OPUS_SILENCE_SAMPLES = 960;
