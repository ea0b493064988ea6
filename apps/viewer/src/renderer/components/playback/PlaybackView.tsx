/**
 * The recordings of one camera: the player, its controls (play, speed, previous/next event),
 * the timeline with segments and motion marks, the events in view, and export of a range.
 */
import { useEffect, useRef, useState } from 'react';
import { panRange, zoomRange } from '@vigil/shared/recording';
import { SPEEDS, playerStatus, shownTime, usePlayback } from '../../store/playback.ts';
import type { PlayerStatus } from '../../playback/player.ts';
import { useViewer } from '../../store/viewer.ts';
import { ExportPanel } from './ExportPanel.tsx';
import { formatClock, formatDay, formatDuration, labelSummary } from './format.ts';
import { Timeline } from './Timeline.tsx';

const SPANS = [
  { label: '15 min', ms: 15 * 60_000 },
  { label: '1 h', ms: 60 * 60_000 },
  { label: '6 h', ms: 6 * 60 * 60_000 },
  { label: '24 h', ms: 24 * 60 * 60_000 },
];

/** The range around the recordings in view (a tenth of margin each side, at least a minute). */
function fitRange(segments: { start: number; end: number }[], range: { from: number; to: number }) {
  if (segments.length === 0) return range;
  const from = Math.min(...segments.map((s) => s.start));
  const to = Math.max(...segments.map((s) => s.end));
  const margin = Math.max(30_000 - (to - from) / 2, (to - from) / 10);
  return { from: Math.round(from - margin), to: Math.round(to + margin) };
}

/** The playback screen. */
export function PlaybackView() {
  const state = usePlayback();
  const { target, phase, error, range, segments, events, playhead, playing, rate, selection } = state;
  const cameraName = useViewer((s) => {
    const streamer = target && s.streamers.find((x) => x.id === target.streamerId);
    return streamer?.cameras.find((c) => c.id === target?.cameraId)?.name ?? target?.cameraId ?? '';
  });
  const streamerName = useViewer((s) => s.streamers.find((x) => x.id === target?.streamerId)?.name ?? '');
  const video = useRef<HTMLVideoElement>(null);
  const [frames, setFrames] = useState(0);
  const [shown, setShown] = useState<number>();
  const [status, setStatus] = useState<PlayerStatus>();
  // Recorded sound starts muted, like the live tiles; one click plays it.
  const [muted, setMuted] = useState(true);
  useEffect(() => {
    if (video.current) video.current.muted = muted;
  }, [muted]);

  useEffect(() => {
    state.attachVideo(video.current);
    return () => state.attachVideo(null);
  }, []);
  // Decoded-frame count for the info line (and tests).
  useEffect(() => {
    const timer = setInterval(() => {
      setFrames(video.current?.getVideoPlaybackQuality().totalVideoFrames ?? 0);
      setShown(shownTime());
      setStatus(playerStatus());
    }, 250);
    return () => clearInterval(timer);
  }, []);

  const recorded = segments.reduce((sum, s) => sum + Math.min(s.end, range.to) - Math.max(s.start, range.from), 0);
  const span = range.to - range.from;
  const center = playhead >= range.from && playhead <= range.to ? playhead : range.to;
  const setSpan = (ms: number) => void state.setRange({ from: Date.now() - ms, to: Date.now() });

  return (
    <div className="playback" data-testid="playback" data-phase={phase} data-playhead={playhead} data-frames={frames} data-shown={shown ?? ''} data-rate={rate} data-playing={playing} data-status={status ?? ''}>
      <div className="playback-bar">
        <button className="btn" onClick={() => state.close()} data-testid="playback-back">
          ← Live
        </button>
        <div className="playback-title ellipsis">
          <strong>{cameraName}</strong>
          <span className="muted"> · {streamerName} · recordings</span>
        </div>
        <div className="playback-range" role="group" aria-label="Time range">
          <button className="btn small" title="Earlier" onClick={() => void state.setRange(panRange(range, -span / 2))}>
            ‹
          </button>
          {SPANS.map((s) => (
            <button key={s.label} className={`btn small${Math.abs(span - s.ms) < 1000 ? ' on' : ''}`} data-testid={`span-${s.label.replace(' ', '')}`} onClick={() => setSpan(s.ms)}>
              {s.label}
            </button>
          ))}
          <button className="btn small" title="Zoom in" data-testid="zoom-in" onClick={() => void state.setRange(zoomRange(range, center, 0.5))}>
            +
          </button>
          <button className="btn small" title="Zoom out" onClick={() => void state.setRange(zoomRange(range, center, 2))}>
            −
          </button>
          <button className="btn small" title="Fit the recordings" data-testid="zoom-fit" disabled={segments.length === 0} onClick={() => void state.setRange(fitRange(segments, range))}>
            Fit
          </button>
          <button className="btn small" title="Later" disabled={range.to >= Date.now()} onClick={() => void state.setRange(panRange(range, span / 2))}>
            ›
          </button>
        </div>
      </div>

      <div className="playback-main">
        <div className="playback-stage">
          <video ref={video} className="playback-video" data-testid="playback-video" playsInline muted onClick={() => state.togglePlay()} />
          {phase !== 'ready' && (
            <div className="tile-overlay" data-testid="playback-message">
              {phase === 'connecting' && <span className="spinner" aria-hidden="true" />}
              <span className="tile-overlay-title">{phase === 'connecting' ? 'Opening recordings…' : 'Recordings unavailable'}</span>
              {error && <span className="tile-reason">{error}</span>}
            </div>
          )}
          {phase === 'ready' && segments.length > 0 && (status === 'loading' || status === 'buffering') && (
            <div className="playback-badge" data-testid="playback-buffering">
              <span className="spinner small" aria-hidden="true" /> {status === 'loading' ? 'Loading…' : 'Buffering…'}
            </div>
          )}
          {phase === 'ready' && status === 'ended' && (
            <div className="playback-badge" data-testid="playback-ended">
              End of recordings
            </div>
          )}
          {phase === 'ready' && segments.length === 0 && (
            <div className="tile-overlay">
              <span className="tile-overlay-title">No recordings in this range</span>
              <span className="muted small">Pick a longer range, or check the camera’s recording mode on the streamer.</span>
            </div>
          )}
        </div>
        <aside className="playback-events">
          <h3>
            Events <span className="muted small">{events.length}</span>
          </h3>
          {events.length === 0 ? (
            <p className="muted small">No motion in this range.</p>
          ) : (
            <ul>
              {[...events].reverse().map((event) => (
                <li key={event.id}>
                  <button className="event-item" data-testid="event-item" onClick={() => state.seek(event.start)}>
                    <span className="mono">{formatClock(event.start, true)}</span>
                    <span className="muted small">{event.end ? formatDuration(event.end - event.start) : 'ongoing'}</span>
                    {event.labels?.length ? <span className="event-labels">{labelSummary(event.labels)}</span> : <span className="muted small">motion</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>

      <div className="playback-controls">
        <button className="btn" title="Previous event" data-testid="prev-event" onClick={() => state.stepEvent(-1)}>
          ← Event
        </button>
        <button className="btn primary" data-testid="play-pause" disabled={phase !== 'ready'} onClick={() => state.togglePlay()}>
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button className="btn" title="Next event" data-testid="next-event" onClick={() => state.stepEvent(1)}>
          Event →
        </button>
        <div className="speed" role="group" aria-label="Speed">
          {SPEEDS.map((s) => (
            <button key={s} className={`btn small${rate === s ? ' on' : ''}`} aria-pressed={rate === s} data-testid={`speed-${s}`} onClick={() => state.setRate(s)}>
              {s}×
            </button>
          ))}
        </div>
        <button
          className={`btn small${muted ? '' : ' on'}`}
          aria-pressed={!muted}
          title={muted ? 'Play the recorded sound' : 'Mute the recorded sound'}
          data-testid="playback-sound"
          onClick={() => setMuted(!muted)}
        >
          {muted ? 'Sound off' : 'Sound on'}
        </button>
        <span className="playback-clock mono" data-testid="playback-clock">
          {playhead ? `${formatDay(playhead)} ${formatClock(playhead, true)}` : '—'}
        </span>
        <span className="muted small playback-summary">
          {formatDuration(recorded)} recorded · {frames} frames
        </span>
      </div>

      {phase === 'ready' && error && (
        <div className="notice error small" data-testid="playback-error">
          {error}
        </div>
      )}
      <Timeline range={range} segments={segments} events={events} playhead={playhead} selection={selection} onSeek={(t) => state.seek(t)} />
      <ExportPanel />
    </div>
  );
}
