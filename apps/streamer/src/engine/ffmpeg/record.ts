/**
 * The `record` output: ffmpeg's segment muxer writing fragmented MP4. It rides on the same encoded
 * (or copied) stream as `live` through the tee muxer, so the source is read once and H.264 is
 * encoded at most once. The record slave has `onfail=ignore`: a full disk ends the recording, not
 * the live view (the supervisor restarts the process a little later, once space has been freed).
 */
import type { AudioHandling } from '@vigil/shared/audio';

/** Where and how one spawn of a camera's process records. */
export interface RecordTarget {
  /** The camera's sound in the segments (AAC copied or encoded once); default off. */
  audio?: AudioHandling;
  /** The input holding the sound (a USB camera's microphone); default the video's input. */
  audioInput?: number;
  /** strftime pattern of segment paths (UTC: the pipeline runs ffmpeg with TZ=UTC). */
  pattern: string;
  /** CSV list ffmpeg appends one line to per closed segment: name,start,end. */
  listFile: string;
  /** Segment length in seconds; cuts happen at the next keyframe. */
  segmentSeconds: number;
  /** MP4 fragment length in ms: the most a crash can lose; default 1000. */
  fragmentMs?: number;
}

/** Default fragment length: a crash loses at most this much of the open segment. */
export const DEFAULT_FRAGMENT_MS = 1000;

// The tee muxer unescapes a slave once when it cuts out the [options], and its option parser
// unescapes each value again, so option values are escaped twice (which also keeps the nested
// segment_format_options separators intact) and the path once.
const escapeOnce = (value: string) => value.replace(/[\\:|[\]=]/g, (c) => `\\${c}`);
/** A value as it must appear inside a tee slave's [options]. */
export const teeValue = (value: string) => escapeOnce(escapeOnce(value));
/** A path as it must appear after a tee slave's [options]. */
export const teePath = (path: string) => path.replace(/[\\|[\]]/g, (c) => `\\${c}`);

/** The tee slave spec (`[options]path`) that records segments for the target. */
export function recordSlave(target: RecordTarget): string {
  const fragmentUs = String((target.fragmentMs ?? DEFAULT_FRAGMENT_MS) * 1000);
  // empty_moov + frag_keyframe + frag_duration: the header goes out first and every fragment is
  // self-contained, so everything up to the last complete fragment plays after a crash.
  // flush_packets pushes each fragment to the kernel at once instead of when avio's buffer fills.
  const mp4Options = `movflags=+frag_keyframe+empty_moov+default_base_moof:frag_duration=${fragmentUs}:flush_packets=1`;
  const options: Array<[string, string]> = [
    ['f', 'segment'],
    ['onfail', 'ignore'],
    ['segment_time', String(target.segmentSeconds)],
    ['segment_format', 'mp4'],
    ['segment_format_options', mp4Options],
    ['reset_timestamps', '1'],
    // Cut on the wall clock (at multiples of segment_time since midnight UTC, at the next keyframe),
    // not on stream time: a burst of stream (a backlog after a stall) then stays in one segment,
    // and no two segments of a run can start in the same second, which would give them one
    // strftime name and make ffmpeg overwrite the first. Segments also start at round times.
    ['segment_atclocktime', '1'],
    ['strftime', '1'],
    ['segment_list', target.listFile],
    ['segment_list_type', 'csv'],
  ];
  const spec = options.map(([key, value]) => `${key}=${teeValue(value)}`).join(':');
  return `[${spec}]${teePath(target.pattern)}`;
}
