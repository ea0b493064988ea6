/** Export of the marked range as one MP4 (with its manifest excerpt), with progress and a download link. */
import { useEffect, useState } from 'react';
import { clipPath } from '../../api/recordings.ts';
import { formatClock, formatDuration } from '../../logic/recordings.ts';
import { recordingsClient, useRecordings, type ExportJob } from '../../store/recordings.ts';

/** The download link of a finished export: a signed URL, renewed when it has expired. */
function DownloadLink({ job }: { job: ExportJob }) {
  const [link, setLink] = useState<{ url: string; at: number }>();
  const fetchLink = async () => {
    const url = await recordingsClient()?.mediaUrl(clipPath(job.id));
    if (url) setLink({ url, at: Date.now() });
    return url;
  };
  useEffect(() => {
    void fetchLink().catch(() => undefined);
  }, [job.id]);
  if (!link) return <span className="muted small">Preparing the link…</span>;
  return (
    <a
      className="btn small primary"
      href={link.url}
      download
      data-testid={`export-download-${job.id}`}
      onClick={(e) => {
        // Links last ten minutes; an old one is renewed before the download starts.
        if (Date.now() - link.at < 9 * 60_000) return;
        e.preventDefault();
        void fetchLink().then((url) => url && location.assign(url));
      }}
    >
      Download
    </a>
  );
}

function JobRow({ job }: { job: ExportJob }) {
  const { progress } = job;
  const percent = Math.round(progress.fraction * 100);
  return (
    <li className="export-job" data-testid="export-job" data-state={progress.state}>
      <div className="export-job-head">
        <span className="small">
          {formatClock(job.from)} – {formatClock(job.to)} <span className="muted">({formatDuration(job.to - job.from)})</span>
        </span>
        <span className="spacer" />
        {progress.state === 'done' && <DownloadLink job={job} />}
        {progress.state === 'running' && <span className="muted small">{percent}%</span>}
        {progress.state === 'failed' && <span className="pill bad">Failed</span>}
      </div>
      {progress.state !== 'failed' ? (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Export progress">
          <span className={`progress-bar${progress.state === 'done' ? ' done' : ''}`} style={{ width: `${percent}%` }} />
        </div>
      ) : (
        <div className="field-error small">{progress.error ?? 'The export failed.'}</div>
      )}
    </li>
  );
}

/** The export panel of the current camera. */
export function ExportPanel() {
  const cameraId = useRecordings((s) => s.cameraId);
  const selection = useRecordings((s) => s.selection);
  const jobs = useRecordings((s) => s.exports).filter((job) => job.camera === cameraId);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    await useRecordings.getState().startExport();
    setBusy(false);
  };
  return (
    <section className="card side-card" data-testid="export-panel">
      <h2>Export a clip</h2>
      {selection ? (
        <p className="small" data-testid="export-selection">
          {formatClock(selection.from)} – {formatClock(selection.to)} <span className="muted">({formatDuration(selection.to - selection.from)})</span>
        </p>
      ) : (
        <p className="muted small">Drag across the timeline, or pick an event, to mark the clip.</p>
      )}
      <div className="row-actions">
        <button className="btn primary" disabled={!selection || busy} onClick={() => void start()} data-testid="export-start">
          Export MP4
        </button>
        {selection && (
          <button className="btn" onClick={() => useRecordings.getState().setSelection(undefined)}>
            Clear
          </button>
        )}
      </div>
      <p className="muted small">The clip comes with its fingerprints, so anyone can check it was not edited.</p>
      {jobs.length > 0 && (
        <ul className="export-jobs" data-testid="export-jobs">
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
        </ul>
      )}
    </section>
  );
}
