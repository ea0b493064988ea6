/** The player: the video, play/pause, speed, sound, previous/next motion event and the time shown. */
import { useEffect, useState, type RefObject } from 'react';
import { nextEvent, previousEvent } from '@vigil/shared/recording';
import { describeLabels, formatClock, type TimelineEvent } from '../../logic/recordings.ts';
import type { Playback } from './usePlayback.ts';

/** Small filled glyphs (the system font may lack ⏮ ⏭ ▶). */
const GLYPHS = { previous: 'M6 5h2v14H6zM20 5v14L9 12z', next: 'M16 5h2v14h-2zM4 5v14l11-7z', play: 'M7 5v14l12-7z', pause: 'M6 5h4v14H6zM14 5h4v14h-4z' };
function Glyph({ name }: { name: keyof typeof GLYPHS }) {
  return (
    <svg viewBox="0 0 24 24" className="icon fill" aria-hidden="true">
      <path d={GLYPHS[name]} />
    </svg>
  );
}

/** Speeds offered; fast speeds skim a long night. */
export const SPEEDS = [0.5, 1, 2, 4, 8];

export interface PlayerProps {
  video: RefObject<HTMLVideoElement | null>;
  playback: Playback;
  playhead: number | undefined;
  events: readonly TimelineEvent[];
  hasFootage: boolean;
}

/** The video and its controls. */
export function Player({ video, playback, playhead, events, hasFootage }: PlayerProps) {
  const at = playhead ?? 0;
  const previous = playhead === undefined ? undefined : previousEvent(events, at);
  const next = nextEvent(events, playhead ?? -Infinity);
  const current = playhead === undefined ? undefined : events.find((e) => e.start <= at && at <= (e.end ?? Infinity));
  // Recorded sound starts muted; one click plays it.
  const [muted, setMuted] = useState(true);
  useEffect(() => {
    if (video.current) video.current.muted = muted;
  }, [muted, video]);
  return (
    <section className="card player" aria-label="Playback">
      <div className="player-frame">
        <video ref={video} className="player-video" playsInline muted data-testid="player-video" />
        {!playback.segment && (
          <div className="player-empty muted">{hasFootage ? 'Click the timeline, or press play, to watch.' : 'No recordings in this range.'}</div>
        )}
        {playhead !== undefined && playback.segment && (
          <span className="player-clock mono" data-testid="player-clock">
            {new Date(playhead).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} {formatClock(playhead)}
          </span>
        )}
        {current?.labels?.length ? <span className="player-labels">{describeLabels(current.labels)}</span> : null}
      </div>
      {playback.error && (
        <div className="notice error small" role="alert" data-testid="player-error">
          {playback.error}
        </div>
      )}
      <div className="player-controls">
        <button className="btn small" disabled={!previous} onClick={() => previous && void playback.seek(previous.start)} data-testid="prev-event" title="Previous motion event">
          <Glyph name="previous" /> Event
        </button>
        <button className="btn primary small play" disabled={!hasFootage} onClick={playback.toggle} data-testid="play-pause">
          {playback.playing ? (
            <>
              <Glyph name="pause" /> Pause
            </>
          ) : (
            <>
              <Glyph name="play" /> Play
            </>
          )}
        </button>
        <button className="btn small" disabled={!next} onClick={() => next && void playback.seek(next.start)} data-testid="next-event" title="Next motion event">
          Event <Glyph name="next" />
        </button>
        <label className="speed">
          <span className="muted small">Speed</span>
          <select className="input small" value={playback.rate} onChange={(e) => playback.setRate(Number(e.target.value))} data-testid="speed">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <button className={`btn small${muted ? '' : ' on'}`} aria-pressed={!muted} onClick={() => setMuted(!muted)} data-testid="player-sound" title={muted ? 'Play the recorded sound' : 'Mute the recorded sound'}>
          {muted ? 'Sound off' : 'Sound on'}
        </button>
        <span className="spacer" />
        <span className="muted small mono ellipsis" title={playback.segment?.file}>
          {playback.segment ? playback.segment.file : ''}
        </span>
      </div>
    </section>
  );
}
