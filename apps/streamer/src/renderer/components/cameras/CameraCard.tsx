/** One camera: preview, state, figures, last error, and its edit and remove actions. */
import type { CameraView } from '@vigil/shared/api';
import { useApp } from '../../store/app.ts';
import { useCameras } from '../../store/cameras.ts';
import { ConfirmButton } from '../common/ConfirmButton.tsx';
import { CameraFigures } from './CameraFigures.tsx';
import { CameraPreview } from './CameraPreview.tsx';
import { describeSource } from './describeSource.ts';
import { StateBadge } from './StateBadge.tsx';

/** A camera card. */
export function CameraCard({ camera, onEdit }: { camera: CameraView; onEdit(): void }) {
  const { config, state } = camera;
  const remove = async () => {
    const api = useApp.getState().api;
    if (!api) return;
    await api.removeCamera(config.id);
    useCameras.getState().removed(config.id);
  };
  const problem = (state.state === 'reconnecting' || state.state === 'failed') && state.message;
  return (
    <li className="card camera-card" data-testid="camera-card" data-camera={config.id} data-state={state.state}>
      <CameraPreview cameraId={config.id} state={config.enabled ? state.state : 'stopped'} />
      <div className="camera-card-body">
        <div className="camera-card-head">
          <h2 className="ellipsis" title={config.name}>
            {config.name}
          </h2>
          <StateBadge state={config.enabled ? state.state : 'stopped'} />
        </div>
        <div className="camera-source mono ellipsis" title={describeSource(camera)}>
          {describeSource(camera)}
        </div>
        {problem && (
          <div className="notice error small" data-testid="camera-problem">
            {problem}
          </div>
        )}
        {state.audio?.message && (
          <div className="notice small" data-testid="camera-sound-problem">
            {state.audio.message}
          </div>
        )}
        <CameraFigures camera={camera} />
        <div className="card-actions">
          <button className="btn small" data-testid="edit-camera" onClick={onEdit}>
            Edit
          </button>
          <div className="spacer" />
          <ConfirmButton label="Remove…" question="Remove this camera?" confirmLabel="Remove" onConfirm={remove} testId="remove-camera" />
        </div>
      </div>
    </li>
  );
}
