/**
 * One tile: the camera's live picture with its state badge, and buttons for sound, snapshot,
 * full screen and removal. Cameras are dropped onto it; a tile dragged onto another swaps them.
 */
import { useEffect, useRef, useState, type CSSProperties, type DragEvent } from 'react';
import type { CameraRef } from '../../common/assignment.ts';
import { phaseLabel } from '../../common/tileState.ts';
import { usePlayback } from '../store/playback.ts';
import { LABEL_TTL_MS, labelKey, useViewer } from '../store/viewer.ts';
import { CAMERA_MIME, TILE_MIME } from './dnd.ts';
import { Icon } from './Icons.tsx';
import { saveSnapshot } from './snapshot.ts';
import { RouteBadge } from './RouteBadge.tsx';
import { useTilePeer } from './useTilePeer.ts';
import { useSound } from '../store/sound.ts';
import { useTileAudio } from './useTileAudio.ts';
import { TalkButton } from './TalkButton.tsx';
import { LivePathNote, useMseVideo } from './LivePath.tsx';
import type { DetectionLabel } from '@vigil/shared/detection';
import type { MotionBox } from '@vigil/shared/motion';

export interface TileProps {
  slot: number;
  camera: CameraRef | null;
  style: CSSProperties;
  fullscreen: boolean;
  hidden: boolean;
  /** Ask for the camera's low-resolution substream (a small tile). */
  substream: boolean;
}

// Detection labels: a box in another colour than the motion boxes (or the motion box itself), its
// tag above the top-left corner.
const LABEL_BOX: CSSProperties = { position: 'absolute', border: '2px solid #3dd6f5', borderRadius: 3, boxShadow: '0 0 0 1px #0008' };
const LABEL_TAG: CSSProperties = {
  position: 'absolute', left: -2, bottom: '100%', padding: '1px 5px', background: '#3dd6f5', color: '#062029',
  font: '600 11px/1.4 system-ui, sans-serif', borderRadius: '3px 3px 3px 0', whiteSpace: 'nowrap',
};

const LABEL_ON_MOTION: CSSProperties = { position: 'absolute' };

/**
 * Where to draw each label. A result describes a frame from a second or more ago, and things move:
 * while motion boxes show, a label tags the motion box nearest to where its object was; once
 * motion stops, the object's own box is drawn where the detector saw it.
 */
function placeLabels(labels: readonly DetectionLabel[], motion: readonly MotionBox[]) {
  const text = (l: DetectionLabel) => `${l.label} ${Math.round(l.score * 100)} %`;
  if (motion.length === 0) return labels.map((l) => ({ label: l.label, text: text(l), onMotion: false, x: l.box[0], y: l.box[1], w: l.box[2] - l.box[0], h: l.box[3] - l.box[1] }));
  const tags = new Map<MotionBox, DetectionLabel[]>();
  for (const l of labels) {
    const cx = (l.box[0] + l.box[2]) / 2, cy = (l.box[1] + l.box[3]) / 2;
    const distance = (b: MotionBox) => Math.hypot(b.x + b.w / 2 - cx, b.y + b.h / 2 - cy);
    const nearest = motion.reduce((best, b) => (distance(b) < distance(best) ? b : best));
    tags.set(nearest, [...(tags.get(nearest) ?? []), l]);
  }
  return [...tags].map(([b, ls]) => ({ label: ls[0]!.label, text: ls.map(text).join(' · '), onMotion: true, ...b }));
}

/** A tile of the grid. */
export function Tile({ slot, camera, style, fullscreen, hidden, substream }: TileProps) {
  const streamer = useViewer((s) => (camera ? s.streamers.find((x) => x.id === camera.streamerId) : undefined));
  const { assign, swap, clear, setFullscreen } = useViewer.getState();
  const { status, stream, stats, motion, talkNotice, peer, msePath } = useTilePeer(camera, substream);
  const showMotion = useViewer((s) => s.showMotion);
  const detected = useViewer((s) => (camera ? s.labels[labelKey(camera.streamerId, camera.cameraId)] : undefined));
  const video = useRef<HTMLVideoElement>(null);
  const muted = useSound((s) => !s.audible.includes(slot));
  const volume = useSound((s) => s.volume);
  const [over, setOver] = useState(false);
  const [, tick] = useState(0);
  const info = camera && streamer?.cameras.find((c) => c.id === camera.cameraId);
  const cameraName = info?.name ?? camera?.cameraId ?? '';
  // The sound comes as a WebRTC track, or as the second track of the data-channel path's stream.
  const hasAudio = msePath ? !!msePath.player && msePath.message.audio === true : !!stream && stream.getAudioTracks().length > 0;

  useEffect(() => {
    if (video.current && video.current.srcObject !== stream) video.current.srcObject = stream;
  }, [stream]);
  // On WebRTC the element stays muted: the tile's sound plays through useTileAudio's gain.
  useTileAudio(stream, muted, volume);
  // The data-channel path (no H.264 over WebRTC, or an H.265 camera) plays through MediaSource,
  // its sound through the element.
  useMseVideo(video, msePath, muted, volume);
  // Re-render when the labels expire, so they leave the picture.
  useEffect(() => {
    if (!detected) return;
    const timer = setTimeout(() => tick((n) => n + 1), Math.max(0, detected.at + LABEL_TTL_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [detected]);
  // Re-render each second while a retry countdown shows.
  useEffect(() => {
    if (!status.retryAt) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [status.retryAt]);

  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(CAMERA_MIME) || e.dataTransfer.types.includes(TILE_MIME);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const cam = e.dataTransfer.getData(CAMERA_MIME);
    if (cam) return assign(slot, JSON.parse(cam) as CameraRef);
    const from = e.dataTransfer.getData(TILE_MIME);
    if (from) swap(Number(from), slot);
  };

  const classes = ['tile', camera ? `phase-${status.phase}` : 'vacant', over ? 'drop-over' : '', fullscreen ? 'fullscreen' : '', hidden ? 'hidden' : ''];
  const waiting = status.retryAt ? Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000)) : undefined;

  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      style={style}
      data-testid="tile"
      data-slot={slot}
      data-camera={camera?.cameraId ?? ''}
      data-phase={camera ? status.phase : 'empty'}
      data-frames-decoded={stats?.framesDecoded ?? 0}
      data-has-audio={hasAudio}
      data-audible={hasAudio && !muted}
      data-route={status.phase === 'live' ? (stats?.route ?? '') : ''}
      data-rtt-ms={status.phase === 'live' ? (stats?.rttMs ?? '') : ''}
      data-pair={status.phase === 'live' ? (stats?.pair ?? '') : ''}
      data-live-path={status.phase === 'live' ? (msePath ? 'mse' : 'webrtc') : ''}
      draggable={!!camera && !fullscreen}
      onDragStart={(e) => {
        e.dataTransfer.setData(TILE_MIME, String(slot));
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      onDoubleClick={() => camera && setFullscreen(fullscreen ? null : slot)}
    >
      {camera ? (
        <>
          <video ref={video} className="tile-video" autoPlay playsInline muted />
          {showMotion && status.phase === 'live' && motion.length > 0 && (
            <div className="motion-layer" aria-hidden="true">
              {motion.map((b, i) => (
                <div key={i} className="motion-box" data-testid="motion-box" style={{ left: `${b.x * 100}%`, top: `${b.y * 100}%`, width: `${b.w * 100}%`, height: `${b.h * 100}%` }} />
              ))}
            </div>
          )}
          {showMotion && status.phase === 'live' && detected && Date.now() - detected.at < LABEL_TTL_MS && detected.labels.length > 0 && (
            <div className="motion-layer" data-testid="label-layer">
              {placeLabels(detected.labels, motion).map((p, i) => (
                <div key={i} data-testid="label-box" data-label={p.label} data-on-motion={p.onMotion} style={{ ...(p.onMotion ? LABEL_ON_MOTION : LABEL_BOX), left: `${p.x * 100}%`, top: `${p.y * 100}%`, width: `${p.w * 100}%`, height: `${p.h * 100}%` }}>
                  <span style={p.y < 0.08 ? { ...LABEL_TAG, bottom: 'auto', top: 0 } : LABEL_TAG}>{p.text}</span>
                </div>
              ))}
            </div>
          )}
          {msePath && status.phase === 'live' && <LivePathNote path={msePath} />}
          {status.phase !== 'live' && (
            <div className="tile-overlay" data-testid="tile-message">
              {(status.phase === 'connecting' || status.phase === 'reconnecting') && <span className="spinner" aria-hidden="true" />}
              <span className="tile-overlay-title">{status.phase === 'offline' ? 'Offline' : status.phase === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}</span>
              {status.reason && <span className="tile-reason">{status.reason}</span>}
              {waiting !== undefined && <span className="muted small">Trying again in {waiting} s</span>}
            </div>
          )}
          <div className="tile-top">
            <span className={`badge phase-${status.phase}`} data-testid="tile-badge">
              {phaseLabel(status.phase)}
            </span>
            <span className="tile-title ellipsis" title={`${cameraName} — ${streamer?.name ?? ''}`}>
              {cameraName}
              <span className="tile-streamer"> · {streamer?.name ?? 'removed streamer'}</span>
            </span>
            <span className="tile-actions">
              {status.phase === 'live' && peer.current?.canTalk() && <TalkButton peer={peer.current} notice={talkNotice} />}
              {hasAudio && !muted && (
                <input
                  className="tile-volume"
                  type="range"
                  min={0}
                  max={1}
                  step={0.05}
                  value={volume}
                  title={`Volume ${Math.round(volume * 100)} %`}
                  aria-label="Volume"
                  data-testid="tile-volume"
                  onChange={(e) => useSound.getState().setVolume(Number(e.target.value))}
                />
              )}
              {hasAudio && (
                <button
                  className={`icon-btn${muted ? '' : ' on'}`}
                  title={muted ? 'This camera has sound: listen (Shift: keep the others audible too)' : 'Mute'}
                  aria-pressed={!muted}
                  data-testid="tile-mute"
                  onClick={(e) => useSound.getState().toggle(slot, e.shiftKey)}
                >
                  <Icon name={muted ? 'soundOff' : 'soundOn'} />
                </button>
              )}
              <button
                className={`icon-btn${showMotion ? ' on' : ''}`}
                title={showMotion ? 'Hide motion boxes' : 'Show motion boxes'}
                aria-pressed={showMotion}
                data-testid="tile-motion"
                onClick={() => useViewer.getState().setShowMotion(!showMotion)}
              >
                <Icon name="motion" />
              </button>
              <button className="icon-btn" title="Recordings: timeline, playback and export" data-testid="tile-recordings" onClick={() => void usePlayback.getState().open(camera)}>
                <svg viewBox="0 0 24 24" className="icon" aria-hidden="true">
                  <path d="M12 20a8 8 0 1 0-8-8M4 12l-2-2M4 12l2-2M12 8v4l3 2" />
                </svg>
              </button>
              <button
                className="icon-btn"
                title="Save a snapshot (PNG)"
                data-testid="tile-snapshot"
                disabled={status.phase !== 'live'}
                onClick={() => video.current && saveSnapshot(video.current, `${streamer?.name ?? 'vigil'}-${cameraName}`)}
              >
                <Icon name="camera" />
              </button>
              <button className="icon-btn" title={fullscreen ? 'Back to the grid (Esc)' : 'Full screen'} data-testid="tile-fullscreen" onClick={() => setFullscreen(fullscreen ? null : slot)}>
                <Icon name={fullscreen ? 'shrink' : 'expand'} />
              </button>
              {!fullscreen && (
                <button className="icon-btn" title="Remove from this tile" data-testid="tile-clear" onClick={() => clear(slot)}>
                  <Icon name="close" />
                </button>
              )}
            </span>
          </div>
          {stats && status.phase === 'live' && (
            <div className="tile-info mono">
              {stats.route && <RouteBadge route={stats.route} rttMs={stats.rttMs} />}
              {/* First after the route, so a small tile that cuts the line short still says it. */}
              {hasAudio && <span data-testid="tile-has-sound" title="This camera has sound">sound · </span>}
              {stats.codec || 'video'} · {stats.width}×{stats.height} · {Math.round(stats.framesPerSecond)} fps
            </div>
          )}
        </>
      ) : (
        <div className="tile-empty">
          <span className="tile-empty-num">{slot + 1}</span>
          <span>Drop a camera here</span>
        </div>
      )}
    </div>
  );
}
