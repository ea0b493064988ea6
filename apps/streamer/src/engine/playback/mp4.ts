/**
 * Reads the layout of a recorded segment (fragmented MP4 as ffmpeg's mov muxer writes it with
 * empty_moov + frag_keyframe): the init segment (ftyp + moov), the video codec string for
 * MediaSource, the timescale, and each fragment's byte span and decode time. Every fragment
 * starts on a keyframe, so any run of fragments after the init segment decodes on its own.
 */
import { hevcCodecString } from '../live/h265.ts';

/** One moof + mdat pair. */
export interface Fragment {
  /** Byte offset of the moof box. */
  offset: number;
  /** Bytes of the moof and the boxes up to the next moof (its mdat). */
  size: number;
  /** baseMediaDecodeTime of its first track run, in timescale units. */
  decodeTime: number;
}

/** A segment file's layout. */
export interface Mp4Layout {
  /** Bytes before the first fragment: ftyp + moov. */
  initSize: number;
  /** RFC 6381 codec string for MediaSource, e.g. avc1.42e01f, or avc1.42e01f,mp4a.40.2 with sound. */
  codec: string;
  timescale: number;
  fragments: Fragment[];
}

interface Box {
  type: string;
  start: number;
  /** Offset of the payload (after the header). */
  body: number;
  end: number;
}

function* boxes(data: Uint8Array, from: number, to: number): Generator<Box> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(data[at + 4]!, data[at + 5]!, data[at + 6]!, data[at + 7]!);
    let body = at + 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(view.getBigUint64(at + 8));
      body = at + 16;
    } else if (size === 0) size = to - at;
    // A box cut short (the last fragment of a file ffmpeg was still writing) ends the walk.
    if (size < body - at || at + size > to) return;
    yield { type, start: at, body, end: at + size };
    at += size;
  }
}

function child(data: Uint8Array, parent: Box, type: string, skip = 0): Box | undefined {
  for (const box of boxes(data, parent.body + skip, parent.end)) if (box.type === type) return box;
  return undefined;
}

function path(data: Uint8Array, parent: Box, types: string[]): Box | undefined {
  let box: Box | undefined = parent;
  for (const type of types) {
    box = box && child(data, box, type);
  }
  return box;
}

const hex = (byte: number) => byte.toString(16).padStart(2, '0');

function videoTrack(data: Uint8Array, moov: Box): { timescale: number; codec: string } | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (const trak of boxes(data, moov.body, moov.end)) {
    if (trak.type !== 'trak') continue;
    const hdlr = path(data, trak, ['mdia', 'hdlr']);
    if (!hdlr || String.fromCharCode(...data.subarray(hdlr.body + 8, hdlr.body + 12)) !== 'vide') continue;
    const mdhd = path(data, trak, ['mdia', 'mdhd'])!;
    const timescale = view.getUint32(mdhd.body + (data[mdhd.body] === 1 ? 20 : 12));
    const stsd = path(data, trak, ['mdia', 'minf', 'stbl', 'stsd']);
    // stsd: version/flags + entry count, then sample entries; a visual sample entry has 78 bytes
    // of fields before its child boxes (avcC).
    const entry = stsd && [...boxes(data, stsd.body + 8, stsd.end)][0];
    let codec = entry?.type ?? 'unknown';
    const avcC = entry && (entry.type === 'avc1' || entry.type === 'avc3') ? child(data, entry, 'avcC', 78) : undefined;
    if (avcC) codec = `${entry!.type}.${hex(data[avcC.body + 1]!)}${hex(data[avcC.body + 2]!)}${hex(data[avcC.body + 3]!)}`;
    // H.265: the profile, tier and level bytes of hvcC, as MediaSource wants them.
    const hvcC = entry && (entry.type === 'hev1' || entry.type === 'hvc1') ? child(data, entry, 'hvcC', 78) : undefined;
    if (hvcC) codec = hevcCodecString(entry!.type, data.subarray(hvcC.body + 1, hvcC.body + 13));
    return { timescale, codec };
  }
  return undefined;
}

/** The codec string of the segment's sound (AAC LC is what cameras and ffmpeg's encoder write), if it has any. */
function audioCodec(data: Uint8Array, moov: Box): string | undefined {
  for (const trak of boxes(data, moov.body, moov.end)) {
    if (trak.type !== 'trak') continue;
    const hdlr = path(data, trak, ['mdia', 'hdlr']);
    if (!hdlr || String.fromCharCode(...data.subarray(hdlr.body + 8, hdlr.body + 12)) !== 'soun') continue;
    const stsd = path(data, trak, ['mdia', 'minf', 'stbl', 'stsd']);
    const entry = stsd && [...boxes(data, stsd.body + 8, stsd.end)][0];
    // A sound track MediaSource cannot be told about would make the whole segment unplayable.
    return entry?.type === 'mp4a' ? 'mp4a.40.2' : entry?.type;
  }
  return undefined;
}

function decodeTime(data: Uint8Array, moof: Box): number {
  const tfdt = path(data, moof, ['traf', 'tfdt']);
  if (!tfdt) return 0;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return data[tfdt.body] === 1 ? Number(view.getBigUint64(tfdt.body + 4)) : view.getUint32(tfdt.body + 4);
}

/** Reads a segment's layout; throws when it is not a fragmented MP4 with a video track. */
export function readLayout(data: Uint8Array): Mp4Layout {
  let moov: Box | undefined;
  const moofs: Box[] = [];
  let lastEnd = 0;
  let pending: Box | undefined;
  for (const box of boxes(data, 0, data.byteLength)) {
    if (box.type === 'moov') moov = box;
    else if (box.type === 'moof') pending = box;
    else if (box.type === 'mdat' && pending) {
      // A fragment counts once its media data is complete: a file being written ends mid-fragment.
      moofs.push(pending);
      pending = undefined;
      lastEnd = box.end;
    }
  }
  const track = moov && videoTrack(data, moov);
  if (!track) throw new Error('not a fragmented MP4 with a video track');
  const fragments = moofs.map((moof, index) => ({
    offset: moof.start,
    size: (moofs[index + 1]?.start ?? lastEnd) - moof.start,
    decodeTime: decodeTime(data, moof),
  }));
  const sound = audioCodec(data, moov!);
  return { initSize: moofs[0]?.start ?? data.byteLength, codec: sound ? `${track.codec},${sound}` : track.codec, timescale: track.timescale, fragments };
}

/**
 * The bytes to play [from, to] (wall ms) of a segment that starts at `start` and ends at `end`:
 * the init segment and every fragment overlapping the span, with `origin`, the first fragment's
 * decode time in seconds (media time `origin` is wall time `start`).
 */
export function sliceForRange(data: Uint8Array, layout: Mp4Layout, start: number, end: number, from: number, to: number): { bytes: Uint8Array; origin: number } {
  const first = layout.fragments[0]?.decodeTime ?? 0;
  const wall = (fragment: Fragment) => start + ((fragment.decodeTime - first) / layout.timescale) * 1000;
  const chosen = layout.fragments.filter((fragment, index) => {
    const next = layout.fragments[index + 1];
    return wall(fragment) < to && (next ? wall(next) : end) > from;
  });
  const origin = first / layout.timescale;
  if (chosen.length === 0) return { bytes: new Uint8Array(0), origin };
  const init = data.subarray(0, layout.initSize);
  const body = data.subarray(chosen[0]!.offset, chosen.at(-1)!.offset + chosen.at(-1)!.size);
  const bytes = new Uint8Array(init.byteLength + body.byteLength);
  bytes.set(init, 0);
  bytes.set(body, init.byteLength);
  return { bytes, origin };
}
