/** "Check integrity": the camera's footage against its hash chain, with every problem file named. */
import type { VerifyReportView } from '@vigil/shared/api';
import { formatClock } from '../../logic/recordings.ts';
import { useRecordings } from '../../store/recordings.ts';

/** What each problem kind means to a person (kinds: engine/recording/README.md). */
const KINDS: Record<string, string> = {
  tampered: 'Changed after recording',
  missing: 'Missing (deleted without a record)',
  unexplained: 'Not from this recorder',
  undeleted: 'Should have been deleted',
  chain: 'Fingerprint list damaged',
  clip: 'Clip does not match',
};

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

function Report({ report, at }: { report: VerifyReportView; at: number }) {
  if (report.ok) {
    return (
      <div className="notice ok small" data-testid="verify-ok">
        <strong>All good.</strong> {report.verified} recording{report.verified === 1 ? '' : 's'} match their fingerprints; the chain of {report.entries} entries is intact.
        <span className="muted small">Checked at {formatClock(at)}.</span>
      </div>
    );
  }
  return (
    <div className="verify-bad" data-testid="verify-problems">
      <div className="notice error small">
        <strong>{report.problems.length} problem{report.problems.length === 1 ? '' : 's'} found.</strong> {report.verified} recording{report.verified === 1 ? '' : 's'} still match.
      </div>
      <ul className="verify-list">
        {report.problems.map((p, i) => (
          <li key={`${p.path}-${i}`} data-testid={`verify-problem-${p.kind}`}>
            <span className={`pill bad`}>{KINDS[p.kind] ?? p.kind}</span>
            <span className="mono ellipsis" title={p.path}>
              {fileName(p.path)}
            </span>
            <span className="muted small">{p.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The verify panel of the current camera. */
export function VerifyPanel() {
  const cameraId = useRecordings((s) => s.cameraId);
  const state = useRecordings((s) => (cameraId ? s.verify[cameraId] : undefined));
  return (
    <section className="card side-card" data-testid="verify-panel">
      <h2>Check integrity</h2>
      <p className="muted small">Compares every recording with the fingerprint taken when it was written, and checks that nothing was removed unrecorded.</p>
      <button className="btn" disabled={!cameraId || state?.state === 'running'} onClick={() => void useRecordings.getState().runVerify()} data-testid="verify-start">
        {state?.state === 'running' ? 'Checking…' : 'Check now'}
      </button>
      {state?.state === 'done' && <Report report={state.report} at={state.at} />}
      {state?.state === 'failed' && (
        <div className="notice error small" role="alert">
          The check could not run: {state.error}
        </div>
      )}
    </section>
  );
}
