/**
 * The wizard's last step: the camera was saved, the engine is connecting. Shows the picture once
 * it is live, or why not with what to do, and lets the person change the settings or give up.
 */
import type { CameraView } from '@vigil/shared/api';
import { adviceFor } from '../../logic/failure.ts';
import { CameraPreview } from '../cameras/CameraPreview.tsx';
import { describeSource } from '../cameras/describeSource.ts';
import { StateBadge } from '../cameras/StateBadge.tsx';

export interface ConnectStepProps {
  camera: CameraView;
  onFix(): void;
  onCancel(): void;
  onDone(): void;
}

/** Connection progress and outcome. */
export function ConnectStep({ camera, onFix, onCancel, onDone }: ConnectStepProps) {
  const { state } = camera;
  const trouble = (state.state === 'reconnecting' || state.state === 'failed') && state.reason;
  return (
    <div className="connect" data-testid="connect-step" data-state={state.state} data-reason={state.reason ?? ''}>
      <div className="connect-head">
        <h2>{camera.config.name}</h2>
        <StateBadge state={state.state} />
        <span className="connect-source mono ellipsis">{describeSource(camera)}</span>
      </div>
      {state.state === 'starting' && (
        <p className="connect-status muted">
          <span className="spinner inline" aria-hidden="true" /> Connecting to the camera… this takes a few seconds.
        </p>
      )}
      {state.state === 'live' && (
        <div className="notice ok" data-testid="connect-ok">
          <span>
            <strong>It works.</strong> The camera is live; the picture below is what viewers will see.
          </span>
          <div className="notice-actions">
            <button className="btn primary" data-testid="wizard-done" onClick={onDone}>
              Done
            </button>
          </div>
        </div>
      )}
      {trouble && (
        <div className="notice error" data-testid="connect-problem">
          <div>
            <strong data-testid="connect-message">{state.message ?? 'The camera is not live.'}</strong>
            <p className="advice">{adviceFor(trouble)}</p>
            {state.state === 'reconnecting' && <p className="small muted-on-error">Still trying ({state.restarts} attempt{state.restarts === 1 ? '' : 's'} so far).</p>}
          </div>
        </div>
      )}
      {/* A failing camera has no picture to show: the problem and the way out come first. */}
      {!trouble && <CameraPreview cameraId={camera.config.id} state={state.state} />}
      <div className="wizard-actions">
        {state.state !== 'live' && (
          <button className="btn" data-testid="wizard-cancel" onClick={onCancel}>
            Cancel and remove camera
          </button>
        )}
        <div className="spacer" />
        <button className={`btn${trouble ? ' primary' : ''}`} data-testid="wizard-fix" onClick={onFix}>
          Change settings
        </button>
      </div>
    </div>
  );
}
