/** "Test from outside": asks the engine to reach itself from the internet; shows reachable or why not. */
import type { RemoteTest } from '@vigil/shared/remote';
import { formatClock } from '../../logic/recordings.ts';
import { useRemote } from '../../store/remote.ts';

/** The test button and the last result. */
export function OutsideTest({ lastTest }: { lastTest: RemoteTest | undefined }) {
  const testing = useRemote((s) => s.testing);
  const testError = useRemote((s) => s.testError);
  return (
    <div className="outside-test">
      <div className="outside-test-head">
        <button className="btn primary" data-testid="remote-test" disabled={testing} onClick={() => void useRemote.getState().test()}>
          {testing && <span className="spinner inline" aria-hidden="true" />}
          {testing ? 'Testing from outside…' : 'Test from outside'}
        </button>
        <span className="muted small">Checks from the internet that a viewer away from home gets through.</span>
      </div>
      {testError && <div className="notice error small">The test could not run: {testError}</div>}
      {lastTest && !testing && (
        <div className={`notice small test-result ${lastTest.reachable ? 'ok' : 'error'}`} data-testid="remote-test-result" data-reachable={lastTest.reachable}>
          <div className="test-result-words">
            <strong>{lastTest.reachable ? 'Reachable from outside' : 'Not reachable from outside'}</strong>
            <span className="muted"> · tested at {formatClock(lastTest.at)}</span>
            {lastTest.reasons.length > 0 && (
              <ul data-testid="remote-test-reasons">
                {lastTest.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
