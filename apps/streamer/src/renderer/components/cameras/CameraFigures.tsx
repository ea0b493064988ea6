/** A camera's figures: frame rate, bitrate, viewers, restarts, and its last error in words. */
import type { CameraView } from '@vigil/shared/api';
import { formatBitrate } from '../../logic/format.ts';

/** The figures row of a camera card. */
export function CameraFigures({ camera }: { camera: CameraView }) {
  const { stats, state } = camera;
  // A camera that just went live has no figures yet: a dash, not a misleading zero.
  const live = state.state === 'live';
  return (
    <>
      <dl className="figures" data-testid="camera-figures">
        <div>
          <dt>Frame rate</dt>
          <dd>{live && stats.fps > 0 ? `${stats.fps.toFixed(stats.fps < 10 ? 1 : 0)} fps` : '–'}</dd>
        </div>
        <div>
          <dt>Bitrate</dt>
          <dd>{live && stats.bitrateKbps > 0 ? formatBitrate(stats.bitrateKbps) : '–'}</dd>
        </div>
        <div>
          <dt>Viewers</dt>
          <dd data-testid="camera-viewers">{stats.viewers}</dd>
        </div>
        <div>
          <dt>Restarts</dt>
          <dd>{stats.restarts}</dd>
        </div>
      </dl>
      {stats.lastError && state.state === 'live' && (
        <p className="last-error small">
          Last problem: <span>{stats.lastError}</span>
        </p>
      )}
    </>
  );
}
