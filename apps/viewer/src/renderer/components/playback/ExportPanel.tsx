/**
 * Export of a range: mark in and out at the playhead (or take the event jumped to), then the
 * streamer cuts the clip (packet copy, with its hash-chain excerpt) and the bundle downloads as a
 * .tar that `vigil verify` checks once unpacked. Progress: cutting, then downloading.
 */
import { usePlayback } from '../../store/playback.ts';
import { formatClock, formatDuration } from './format.ts';

/** The export row under the timeline. */
export function ExportPanel() {
  const { selection, playhead, exporting, setSelection, exportSelection, limits } = usePlayback();
  const limit = limits?.maxExportRangeMs ?? 60 * 60_000;
  const from = selection?.from;
  const to = selection?.to;
  const tooLong = selection ? selection.to - selection.from > limit : false;
  const busy = exporting?.phase === 'export' || exporting?.phase === 'download';
  const percent = Math.round((exporting?.fraction ?? 0) * 100);

  return (
    <div className="export-panel" data-testid="export-panel">
      <span className="export-label">Export</span>
      <button className="btn small" data-testid="mark-in" onClick={() => setSelection({ from: playhead, to: Math.max(to ?? playhead + 30_000, playhead + 1000) })}>
        Mark in
      </button>
      <button className="btn small" data-testid="mark-out" onClick={() => setSelection({ from: Math.min(from ?? playhead - 30_000, playhead - 1000), to: playhead })}>
        Mark out
      </button>
      <span className="mono small" data-testid="export-range">
        {selection ? `${formatClock(selection.from, true)} – ${formatClock(selection.to, true)} (${formatDuration(selection.to - selection.from)})` : 'No range: mark in and out, or jump to an event'}
      </span>
      <button className="btn primary small" data-testid="export" disabled={!selection || busy || tooLong} onClick={() => void exportSelection()}>
        {busy ? 'Exporting…' : 'Export and download'}
      </button>
      {tooLong && <span className="error small">At most {Math.round(limit / 60_000)} minutes per export.</span>}
      {exporting && (
        <span className={`export-status small${exporting.phase === 'failed' ? ' error' : ''}`} data-testid="export-status" data-phase={exporting.phase}>
          {busy && (
            <span className="progress" aria-hidden="true">
              <span style={{ width: `${percent}%` }} />
            </span>
          )}
          {exporting.phase === 'export' ? `Cutting the clip… ${percent} %` : exporting.phase === 'download' ? `Downloading… ${percent} %` : exporting.message}
        </span>
      )}
    </div>
  );
}
