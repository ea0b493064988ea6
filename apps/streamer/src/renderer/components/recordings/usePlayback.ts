/**
 * Plays a camera's recordings in one <video> as if they were one long clip: seek(time) loads the
 * segment holding that time (or the next recorded one after a gap) through a signed URL and
 * jumps inside it; at a segment's end the next one follows; the speed survives each switch. The
 * play position goes to the store as wall-clock time.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { nextRecordedTime, spanAt, type RecordingSegmentView } from '@vigil/shared/recording';
import { segmentPath } from '../../api/recordings.ts';
import { recordingsClient, useRecordings } from '../../store/recordings.ts';

export interface Playback {
  /** The segment loaded, if any. */
  segment: RecordingSegmentView | undefined;
  playing: boolean;
  rate: number;
  error: string | undefined;
  seek(time: number, play?: boolean): Promise<void>;
  toggle(): void;
  setRate(rate: number): void;
}

/** Playback over `segments` in `video`. */
export function usePlayback(video: RefObject<HTMLVideoElement | null>, camera: string | undefined, segments: readonly RecordingSegmentView[]): Playback {
  const [segment, setSegment] = useState<RecordingSegmentView>();
  const [playing, setPlaying] = useState(false);
  const [rate, setRateState] = useState(1);
  const [error, setError] = useState<string>();
  const current = useRef<RecordingSegmentView | undefined>(undefined);
  const segmentsRef = useRef(segments);
  segmentsRef.current = segments;
  const rateRef = useRef(1);

  const seek = useCallback(
    async (time: number, play = true) => {
      const element = video.current;
      const api = recordingsClient();
      if (!element || !api || !camera) return;
      const start = nextRecordedTime(segmentsRef.current, time);
      const target = start === undefined ? undefined : spanAt(segmentsRef.current, start);
      if (!target) {
        setError('Nothing was recorded from this time on in the range shown.');
        return;
      }
      setError(undefined);
      const offset = Math.max(0, (Math.max(time, target.start) - target.start) / 1000);
      useRecordings.getState().setPlayhead(target.start + offset * 1000);
      if (current.current?.file !== target.file) {
        // No segment is current while the next one loads: the old one's last timeupdate events
        // would otherwise put its clock on the new segment's start.
        current.current = undefined;
        setSegment(target);
        try {
          const previous = element.src;
          element.src = await api.playableUrl(segmentPath(camera, target.file));
          if (previous.startsWith('blob:')) URL.revokeObjectURL(previous);
        } catch (e) {
          setError(`This recording cannot be opened: ${(e as Error).message}`);
          return;
        }
        await new Promise<void>((resolve) => element.addEventListener('loadedmetadata', () => resolve(), { once: true }));
        current.current = target;
      }
      element.currentTime = offset;
      element.playbackRate = rateRef.current;
      if (play) await element.play().catch(() => undefined);
    },
    [video, camera],
  );

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const onTime = () => {
      const s = current.current;
      if (s) useRecordings.getState().setPlayhead(s.start + element.currentTime * 1000);
    };
    const onEnded = () => {
      const s = current.current;
      const next = s && segmentsRef.current.filter((x) => x.start >= s.end - 1000 && x.file !== s.file).sort((a, b) => a.start - b.start)[0];
      if (next) void seek(next.start);
      else setPlaying(false);
    };
    const onPlay = () => setPlaying(true);
    const onPause = () => setPlaying(false);
    const onError = () => current.current && setError('The browser could not play this segment.');
    element.addEventListener('timeupdate', onTime);
    element.addEventListener('ended', onEnded);
    element.addEventListener('play', onPlay);
    element.addEventListener('pause', onPause);
    element.addEventListener('error', onError);
    return () => {
      element.removeEventListener('timeupdate', onTime);
      element.removeEventListener('ended', onEnded);
      element.removeEventListener('play', onPlay);
      element.removeEventListener('pause', onPause);
      element.removeEventListener('error', onError);
    };
  }, [video, seek]);

  // Another camera: nothing of the old one stays loaded.
  useEffect(() => {
    current.current = undefined;
    setSegment(undefined);
    const old = video.current?.src ?? '';
    if (old.startsWith('blob:')) URL.revokeObjectURL(old);
    video.current?.removeAttribute('src');
    video.current?.load();
  }, [camera, video]);

  return {
    segment,
    playing,
    rate,
    error,
    seek,
    toggle() {
      const element = video.current;
      if (!element) return;
      if (!current.current) {
        const first = segmentsRef.current[0];
        if (first) void seek(useRecordings.getState().playhead ?? first.start);
      } else if (element.paused) void element.play().catch(() => undefined);
      else element.pause();
    },
    setRate(value) {
      rateRef.current = value;
      setRateState(value);
      // A new src resets playbackRate to defaultPlaybackRate: set both, so a segment switch keeps the speed.
      if (video.current) video.current.defaultPlaybackRate = video.current.playbackRate = value;
    },
  };
}
