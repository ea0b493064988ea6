/**
 * Fragmented MP4 (ISO/IEC 14496-12) for live H.264 and H.265, written from the camera's own NAL
 * units: an init segment (ftyp + moov with the avcC or hvcC of the stream's parameter sets) and one
 * fragment (moof + mdat) per picture, so a browser's MediaSource can show each picture as soon as
 * it arrives. Video is track 1 at 90 kHz (the RTP clock), no re-encoding: the bytes in mdat are the
 * camera's slices. The camera's sound, when it has some, is track 2: its Opus packets as they came,
 * at 48 kHz (an `Opus` sample entry with its `dOps`, per "Encapsulation of Opus in ISO Base Media
 * File Format"), in fragments of their own.
 */
import { hvcC, type HevcSps } from './h265.ts';
import type { SpsInfo } from './sps.ts';

/** Track timescale: the RTP clock of H.264, so RTP timestamp differences are sample durations. */
export const TIMESCALE = 90_000;
/** The sound track's timescale: Opus's clock (RFC 7587), so a packet's samples are its duration. */
export const AUDIO_TIMESCALE = 48_000;
const VIDEO_TRACK = 1;
const AUDIO_TRACK = 2;

/** One picture for a fragment. */
export interface Sample {
  /** Decode time in TIMESCALE units from the stream's start. */
  decodeTime: number;
  duration: number;
  keyframe: boolean;
  /** NAL units without start codes; written with 4-byte lengths. */
  nals: readonly Uint8Array[];
}

/** The sample entry of an H.264 stream: `avc1` with the avcC of its SPS (as read by readSps) and PPS. */
export function avc1Entry(info: SpsInfo, sps: Uint8Array, pps: Uint8Array): Buffer {
  const avcC = box('avcC', Buffer.from([1, sps[1]!, sps[2]!, sps[3]!, 0xff, 0xe1]), u16(sps.length), sps, Buffer.from([1]), u16(pps.length), pps);
  return visualEntry('avc1', info.width, info.height, avcC);
}

/**
 * The sample entry of an H.265 stream: `hev1` (parameter sets may also come in-band, as they do
 * before every keyframe of the live output) with its hvcC.
 */
export function hev1Entry(info: HevcSps, vps: Uint8Array, sps: Uint8Array, pps: Uint8Array): Buffer {
  return visualEntry('hev1', info.width, info.height, box('hvcC', hvcC(info, vps, sps, pps)));
}

/**
 * The init segment of a stream of `width`×`height` pictures described by `entry`, with a sound
 * track (track 2) when `audioEntry` is given (see opusEntry).
 */
export function initSegment(width: number, height: number, entry: Buffer, audioEntry?: Buffer): Buffer {
  const ftyp = box('ftyp', ascii('iso5'), u32(512), ascii('iso5'), ascii('iso6'), ascii(entry.subarray(4, 8).toString('latin1')), ascii('mp41'));
  const video = trak(VIDEO_TRACK, TIMESCALE, 'vide', full('vmhd', 0, 1, zeros(8)), entry, { width, height, volume: 0 });
  const tracks = audioEntry ? [video, trak(AUDIO_TRACK, AUDIO_TIMESCALE, 'soun', full('smhd', 0, 0, zeros(4)), audioEntry, { width: 0, height: 0, volume: 0x0100 })] : [video];
  const next = tracks.length + 1;
  const mvhd = full('mvhd', 0, 0, zeros(8), u32(1000), u32(0), u32(0x00010000), u16(0x0100), zeros(10), MATRIX, zeros(24), u32(next));
  // Every sound sample is a sync sample (trex default flags); pictures carry their own in trun.
  const trex = (track: number, flags: number) => full('trex', 0, 0, u32(track), u32(1), u32(0), u32(0), u32(flags));
  const mvex = box('mvex', trex(VIDEO_TRACK, 0), ...(audioEntry ? [trex(AUDIO_TRACK, SYNC_SAMPLE)] : []));
  return Buffer.concat([ftyp, box('moov', mvhd, ...tracks, mvex)]);
}

/**
 * The sample entry of an Opus stream: `Opus` with its `dOps` (version 0, channel mapping family 0:
 * mono or stereo). No pre-skip: the stream is joined mid-way, there is no encoder start to trim.
 */
export function opusEntry(channels: 1 | 2 = 2): Buffer {
  const dOps = box('dOps', Buffer.from([0, channels]), u16(0), u32(AUDIO_TIMESCALE), u16(0), Buffer.from([0]));
  return box(
    'Opus',
    zeros(6), u16(1), // reserved, data_reference_index
    zeros(8), u16(channels), u16(16), zeros(4), // reserved, channelcount, samplesize, pre_defined + reserved
    u32(AUDIO_TIMESCALE * 65536), // samplerate, 16.16
    dOps,
  );
}

// One track of the init segment: header, media header, handler and an empty sample table.
function trak(id: number, timescale: number, handler: string, mediaHeader: Buffer, entry: Buffer, shape: { width: number; height: number; volume: number }): Buffer {
  const stbl = box(
    'stbl',
    full('stsd', 0, 0, u32(1), entry),
    full('stts', 0, 0, u32(0)),
    full('stsc', 0, 0, u32(0)),
    full('stsz', 0, 0, u32(0), u32(0)),
    full('stco', 0, 0, u32(0)),
  );
  const minf = box('minf', mediaHeader, box('dinf', full('dref', 0, 0, u32(1), full('url ', 0, 1))), stbl);
  const mdia = box(
    'mdia',
    full('mdhd', 0, 0, zeros(8), u32(timescale), u32(0), u16(0x55c4), u16(0)), // language "und"
    full('hdlr', 0, 0, u32(0), ascii(handler), zeros(12), Buffer.from('Vigil live\0')),
    minf,
  );
  // version 0, enabled + in movie; reserved, duration, reserved, layer + alternate group, volume.
  const tkhd = full('tkhd', 0, 3, zeros(8), u32(id), zeros(4), u32(0), zeros(8), zeros(4), u16(shape.volume), zeros(2), MATRIX, u32(shape.width * 65536), u32(shape.height * 65536));
  return box('trak', tkhd, mdia);
}

/** One fragment holding one picture: moof (sequence `sequence`) + mdat. */
export function fragment(sequence: number, sample: Sample): Buffer {
  const size = sample.nals.reduce((sum, nal) => sum + 4 + nal.length, 0);
  // sample_depends_on = 2 (I picture) for keyframes; 1 + sample_is_non_sync_sample otherwise.
  const flags = sample.keyframe ? SYNC_SAMPLE : 0x01010000;
  const mdat = Buffer.allocUnsafe(8 + size);
  mdat.writeUInt32BE(8 + size, 0);
  mdat.write('mdat', 4, 'latin1');
  let at = 8;
  for (const nal of sample.nals) {
    mdat.writeUInt32BE(nal.length, at);
    mdat.set(nal, at + 4);
    at += 4 + nal.length;
  }
  return withMoof(sequence, VIDEO_TRACK, sample.decodeTime, 0x000701, [u32(sample.duration), u32(size), u32(flags)], 1, mdat);
}

/** One sound packet (an Opus packet as it came over RTP) and its length in 48 kHz samples. */
export interface SoundSample {
  data: Uint8Array;
  duration: number;
}

/** One fragment of the sound track: moof (sequence `sequence`) + mdat of consecutive packets from `decodeTime` (48 kHz). */
export function soundFragment(sequence: number, decodeTime: number, samples: readonly SoundSample[]): Buffer {
  const mdat = box('mdat', ...samples.map((s) => s.data));
  const entries = samples.flatMap((s) => [u32(s.duration), u32(s.data.length)]);
  return withMoof(sequence, AUDIO_TRACK, decodeTime, 0x000301, entries, samples.length, mdat);
}

// moof (one traf: tfhd with default-base-is-moof, tfdt, trun with a data offset) in front of mdat.
function withMoof(sequence: number, track: number, decodeTime: number, trunFlags: number, entries: Buffer[], count: number, mdat: Buffer): Buffer {
  const trun = (dataOffset: number) => full('trun', 0, trunFlags, u32(count), u32(dataOffset), ...entries);
  const moof = (dataOffset: number) =>
    box('moof', full('mfhd', 0, 0, u32(sequence)), box('traf', full('tfhd', 0, 0x020000, u32(track)), full('tfdt', 1, 0, u64(decodeTime)), trun(dataOffset)));
  const moofSize = moof(0).length;
  return Buffer.concat([moof(moofSize + 8), mdat]);
}

// A visual sample entry (ISO/IEC 14496-12 12.1.3) with its decoder configuration box.
function visualEntry(type: string, width: number, height: number, config: Buffer): Buffer {
  return box(
    type,
    zeros(6), u16(1), // reserved, data_reference_index
    zeros(16), u16(width), u16(height),
    u32(0x00480000), u32(0x00480000), zeros(4), u16(1), // 72 dpi, reserved, frame_count
    zeros(32), u16(0x18), u16(0xffff), // compressorname, depth, pre_defined
    config,
  );
}

/** sample_depends_on = 2: decodable alone (a keyframe, or any sound packet). */
const SYNC_SAMPLE = 0x02000000;

const MATRIX = Buffer.concat([u32(0x00010000), u32(0), u32(0), u32(0), u32(0x00010000), u32(0), u32(0), u32(0), u32(0x40000000)]);

function box(type: string, ...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.allocUnsafe(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function full(type: string, version: number, flags: number, ...parts: Uint8Array[]): Buffer {
  return box(type, u32(((version & 0xff) << 24 | (flags & 0xffffff)) >>> 0), ...parts);
}

function u16(value: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(value);
  return b;
}

function u32(value: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

function u64(value: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(value))));
  return b;
}

const zeros = (count: number) => Buffer.alloc(count);
const ascii = (text: string) => Buffer.from(text, 'latin1');
