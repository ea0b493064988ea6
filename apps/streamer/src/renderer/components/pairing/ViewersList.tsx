/**
 * Paired viewers: rename inline, when paired and last seen, whether each may talk through the
 * cameras' speakers (off by default: talking is more sensitive than watching), revoke with confirmation.
 */
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
              <th title="May talk through the cameras’ speakers (push-to-talk on a tile)">Talk</th>
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
  const setTalk = async (talk: boolean) => {
    const api = useApp.getState().api;
    if (!api) return;
    try {
      usePairing.getState().viewerRenamed(await api.setViewerTalk(viewer.id, talk));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
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
      <td>
        <label className="switch compact" title="Allow this viewer to talk through the cameras’ speakers">
          <input type="checkbox" checked={viewer.talk === true} onChange={(e) => void setTalk(e.target.checked)} data-testid="viewer-talk" aria-label={`${viewer.name} may talk through the cameras`} />
          <span className="small">{viewer.talk ? 'Allowed' : 'Off'}</span>
        </label>
      </td>
      <td className="actions">
        <ConfirmButton label="Revoke…" question="Revoke this viewer?" confirmLabel="Revoke" onConfirm={revoke} testId="revoke-viewer" />
      </td>
    </tr>
  );
}
