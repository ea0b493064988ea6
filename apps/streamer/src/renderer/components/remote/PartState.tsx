/** The state of one part of remote access as a coloured pill: Off, Checking…, Working, Not working. */
import type { RemotePart } from '@vigil/shared/remote';

const LABEL: Record<RemotePart['state'], string> = { off: 'Off', working: 'Checking…', ok: 'Working', failed: 'Not working' };
const CLASS: Record<RemotePart['state'], string> = { off: 'pill', working: 'pill state-starting', ok: 'pill ok', failed: 'pill bad' };

/** One part's state pill. */
export function PartState({ state, testId }: { state: RemotePart['state']; testId?: string }) {
  return (
    <span className={`${CLASS[state]} part-state`} data-testid={testId} data-state={state}>
      {LABEL[state]}
    </span>
  );
}
