/** A camera's state as a coloured badge: Live, Starting, Reconnecting, Failed, Off. */
import type { CameraState } from '@vigil/shared/config';

const LABELS: Record<CameraState['state'], string> = {
  live: 'Live',
  starting: 'Starting',
  reconnecting: 'Reconnecting',
  failed: 'Failed',
  stopped: 'Off',
};

/** The badge for `state`. */
export function StateBadge({ state }: { state: CameraState['state'] }) {
  return (
    <span className={`badge state-${state}`} data-testid="state-badge" data-state={state}>
      {LABELS[state]}
    </span>
  );
}
