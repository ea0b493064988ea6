/**
 * The Recordings screen: pick a camera and a day (or the last hour), see its timeline with motion
 * marks, play from any point at any speed, export a clip, check integrity; a second tab holds the
 * recording settings, disk usage and forecast of every camera.
 */
import { useEffect, useRef, useState } from 'react';
import { openEventStream } from '../../api/events.ts';
import { dateInputValue, dayRange, fitRange, formatBytes } from '../../logic/recordings.ts';
import { useApp } from '../../store/app.ts';
import { useCameras } from '../../store/cameras.ts';
import { useRecordings } from '../../store/recordings.ts';
import { EventList } from './EventList.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { Player } from './Player.tsx';
import { StorageTab } from './StorageTab.tsx';
import { Timeline } from './Timeline.tsx';
import { usePlayback } from './usePlayback.ts';
import { VerifyPanel } from './VerifyPanel.tsx';
import './recordings.css';

/** How often the list is reloaded while the range reaches the present. */
const LIVE_REFRESH_MS = 5000;
const HOUR = 3_600_000;

/** The Recordings screen. */
export function RecordingsScreen() {
  const api = useApp((s) => s.api);
  const cameras = useCameras((s) => s.cameras);
  const loaded = useCameras((s) => s.loaded);
  const { cameraId, range, live, segments, events, playhead, selection, error, loading } = useRecordings();
  const [tab, setTab] = useState<'timeline' | 'storage'>('timeline');
  const video = useRef<HTMLVideoElement>(null);
  const playback = usePlayback(video, cameraId, segments);

  useEffect(() => {
    void useCameras.getState().refresh();
  }, []);
  // A camera to start with: the first one that records, else the first.
  useEffect(() => {
    if (cameraId && cameras.some((c) => c.config.id === cameraId)) return;
    const first = cameras.find((c) => (c.config.recording?.mode ?? 'off') !== 'off') ?? cameras[0];
    if (first) useRecordings.getState().select(first.config.id);
  }, [cameras, cameraId]);
  // Export progress and new motion events arrive on the screen's own event stream.
  useEffect(() => {
    if (!api) return;
    return openEventStream(api.connection, {
      onEvent: (event) => {
        useRecordings.getState().applyEvent(event);
        // A new or ended event, or labels from the detector: the marks change.
        if ((event.type === 'motion' && event.transition.type !== 'update') || event.type === 'detection') void useRecordings.getState().load();
      },
      onStatus: () => undefined,
    });
  }, [api]);
  // While the range ends now or later, new segments keep appearing.
  useEffect(() => {
    void useRecordings.getState().load();
    const timer = setInterval(() => {
      const { live, range } = useRecordings.getState();
      if (live || range.to >= Date.now()) void useRecordings.getState().load();
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  if (!loaded) return <div className="loading">Loading cameras…</div>;
  if (cameras.length === 0) {
    return (
      <div className="page">
        <div className="empty">
          <h1>No cameras yet</h1>
          <p>Add a camera and switch its recording on; its footage shows up here.</p>
        </div>
      </div>
    );
  }
  const camera = cameras.find((c) => c.config.id === cameraId);
  const mode = camera?.config.recording?.mode ?? 'off';
  const setRange = (from: number, to: number, live = false) => useRecordings.getState().setRange({ from, to }, live);
  const day = dateInputValue(range.from);
  const span = range.to - range.from;
  const bytes = segments.reduce((sum, s) => sum + s.bytes, 0);

  return (
    <div className="page wide" data-testid="recordings-screen">
      <div className="page-head row">
        <div>
          <h1>Recordings</h1>
          <p className="muted">Watch back what your cameras recorded, export clips and prove they were not edited.</p>
        </div>
        <div className="segmented" role="tablist">
          <button role="tab" aria-selected={tab === 'timeline'} className={`segment${tab === 'timeline' ? ' active' : ''}`} onClick={() => setTab('timeline')} data-testid="rec-tab-timeline">
            Timeline
          </button>
          <button role="tab" aria-selected={tab === 'storage'} className={`segment${tab === 'storage' ? ' active' : ''}`} onClick={() => setTab('storage')} data-testid="rec-tab-storage">
            Storage &amp; retention
          </button>
        </div>
      </div>
      {error && <div className="notice error">{error}</div>}
      {tab === 'storage' ? (
        <StorageTab />
      ) : (
        <>
          <div className="rec-toolbar">
            <label className="rec-camera">
              <span className="visually-hidden">Camera</span>
              <select className="input" value={cameraId ?? ''} onChange={(e) => useRecordings.getState().select(e.target.value)} data-testid="rec-camera">
                {cameras.map((c) => (
                  <option key={c.config.id} value={c.config.id}>
                    {c.config.name}
                  </option>
                ))}
              </select>
            </label>
            <input
              type="date"
              className="input rec-day"
              value={day}
              max={dateInputValue(Date.now())}
              onChange={(e) => {
                const r = dayRange(e.target.value);
                if (r) setRange(r.from, r.to);
              }}
              aria-label="Day"
              data-testid="rec-day"
            />
            <div className="segmented">
              <button className={`segment${live && span === HOUR ? ' active' : ''}`} onClick={() => setRange(Date.now() - HOUR, Date.now(), true)} data-testid="rec-last-hour">
                Last hour
              </button>
              <button className={`segment${live && span === 24 * HOUR ? ' active' : ''}`} onClick={() => setRange(Date.now() - 24 * HOUR, Date.now(), true)}>
                Last 24 h
              </button>
            </div>
            <button className="btn small" disabled={segments.length === 0} onClick={() => {
              const r = fitRange(segments);
              if (r) setRange(r.from, r.to);
            }} data-testid="rec-fit" title="Zoom the timeline to the footage shown">
              Zoom to footage
            </button>
            <span className="spacer" />
            <span className="muted small" data-testid="rec-summary">
              {loading && segments.length === 0 ? 'Loading…' : `${segments.length} segment${segments.length === 1 ? '' : 's'} · ${formatBytes(bytes)} · ${events.length} event${events.length === 1 ? '' : 's'}`}
            </span>
          </div>
          {mode === 'off' && (
            <div className="notice small" data-testid="rec-off">
              Recording is off for this camera.
              <button className="btn small" onClick={() => setTab('storage')}>
                Turn it on
              </button>
            </div>
          )}
          <div className="rec-layout">
            <div className="stack">
              <Player video={video} playback={playback} playhead={playhead} events={events} hasFootage={segments.length > 0} />
              <section className="card">
                <Timeline
                  camera={cameraId ?? ''}
                  range={range}
                  segments={segments}
                  events={events}
                  playhead={playhead}
                  selection={selection}
                  onSeek={(time) => void playback.seek(time)}
                  onSelect={(s) => useRecordings.getState().setSelection(s)}
                  onRange={(r) => setRange(r.from, r.to)}
                />
              </section>
              <section className="card">
                <h2>Motion events</h2>
                <EventList events={events} onPlay={(t) => void playback.seek(t)} onMark={(r) => useRecordings.getState().setSelection(r)} />
              </section>
            </div>
            <div className="stack">
              <ExportPanel />
              <VerifyPanel />
            </div>
          </div>
        </>
      )}
    </div>
  );
}
