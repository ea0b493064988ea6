/**
 * A camera's live picture: connects only while on screen, shows why there is no picture when
 * there is none, and exposes the decoded frame count (data-frames-decoded) for tests and checks.
 */
import { useEffect, useRef, useState } from 'react';
import type { CameraState } from '@vigil/shared/config';
import { useVisible } from '../common/useVisible.ts';
import { usePreview } from './usePreview.ts';

/** How often the decoded-frame count is read. */
const FRAMES_INTERVAL_MS = 1000;

/** The preview area of a camera card or of the wizard. */
export function CameraPreview({ cameraId, state }: { cameraId: string; state: CameraState['state'] }) {
  const box = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const visible = useVisible(box);
  const { stream, error, connecting } = usePreview(cameraId, visible, state === 'live');
  const [frames, setFrames] = useState(0);

  useEffect(() => {
    if (video.current && video.current.srcObject !== stream) video.current.srcObject = stream;
    setFrames(0);
    if (!stream) return;
    const timer = setInterval(() => setFrames(video.current?.getVideoPlaybackQuality().totalVideoFrames ?? 0), FRAMES_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [stream]);

  const showing = stream !== null && frames > 0;
  const overlay =
    state === 'stopped' ? 'Turned off'
    : state === 'failed' ? 'No picture'
    : showing ? undefined
    : state === 'starting' || (connecting && state === 'live') ? 'Connecting…'
    : state === 'reconnecting' ? 'Reconnecting…'
    : error ? 'Preview unavailable' : 'Connecting…';

  return (
    <div ref={box} className="preview" data-testid="preview" data-frames-decoded={frames} data-preview={showing ? 'live' : stream ? 'waiting' : 'off'}>
      <video ref={video} className="preview-video" autoPlay playsInline muted />
      {overlay && (
        <div className="preview-overlay">
          {(overlay.endsWith('…')) && <span className="spinner" aria-hidden="true" />}
          <span>{overlay}</span>
          {error && state === 'live' && <span className="muted small">{error}</span>}
        </div>
      )}
    </div>
  );
}
