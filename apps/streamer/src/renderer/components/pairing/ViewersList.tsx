/** Paired viewers: rename inline, when paired and last seen, revoke with confirmation. */
import { useState } from 'react';
import type { PairedViewerView } from '@vigil/shared/api';
import { formatAgo, formatDateTime } from '../../logic/format.ts';
import { useApp } from '../../store/app.ts';
import { usePairing } from '../../store/pairing.ts';
import { ConfirmButton } from '../common/ConfirmButton.tsx';
import { useNow } from '../common/useNow.ts';

/** The paired viewers card. */
export function ViewersList() {
  const viewers = usePairing((s) => s.viewers);
  const loaded = usePairing((s) => s.loaded);
  const now = useNow(5000);
  return (
    <section className="card" aria-labelledby="viewers-title">
      <h2 id="viewers-title">Paired viewers</h2>
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : viewers.length === 0 ? (
        <p className="muted" data-testid="no-viewers">
          No viewer is paired yet. Scan the code with Vigil Viewer to add one.
        </p>
      ) : (
        <table className="table" data-testid="viewers">
          <thead>
            <tr>
              <th>Name</th>
              <th>Paired</th>
              <th>Last seen</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {viewers.map((v) => (
              <ViewerRow key={v.id} viewer={v} now={now} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ViewerRow({ viewer, now }: { viewer: PairedViewerView; now: number }) {
  const [name, setName] = useState(viewer.name);
  const [error, setError] = useState<string>();
  const commit = async () => {
    const api = useApp.getState().api;
    const trimmed = name.trim();
    if (!api || trimmed === viewer.name) return setName(viewer.name);
    if (trimmed === '') {
      setError('A name cannot be empty.');
      return setName(viewer.name);
    }
    try {
      usePairing.getState().viewerRenamed(await api.renameViewer(viewer.id, trimmed));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
      setName(viewer.name);
    }
  };
  const revoke = async () => {
    const api = useApp.getState().api;
    if (!api) return;
    await api.revokeViewer(viewer.id);
    usePairing.getState().viewerRevoked(viewer.id);
  };
  return (
    <tr data-testid="viewer-row" data-viewer={viewer.id}>
      <td>
        <input
          className="name-input"
          aria-label="Viewer name"
          data-testid="viewer-name"
          value={name}
          maxLength={80}
          title="Click to rename"
          onChange={(e) => setName(e.target.value)}
          onBlur={() => void commit()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
            if (e.key === 'Escape') setName(viewer.name);
          }}
        />
        {error && <div className="field-error">{error}</div>}
      </td>
      <td title={formatDateTime(viewer.pairedAt)}>{formatDateTime(viewer.pairedAt)}</td>
      <td>{viewer.lastSeen ? formatAgo(viewer.lastSeen, now) : 'not yet'}</td>
      <td className="actions">
        <ConfirmButton label="Revoke…" question="Revoke this viewer?" confirmLabel="Revoke" onConfirm={revoke} testId="revoke-viewer" />
      </td>
    </tr>
  );
}
