/**
 * Storage & retention: the recordings disk (used by Vigil, used by others, free), the forecast of
 * when it or a quota fills at the recent write rate, and each camera's use and recording settings.
 */
import { Fragment, useEffect, useState } from 'react';
import type { StorageView } from '@vigil/shared/api';
import { formatBytes, formatForecast } from '../../logic/recordings.ts';
import { useCameras } from '../../store/cameras.ts';
import { useRecordings } from '../../store/recordings.ts';
import { RecordingSettings } from './RecordingSettings.tsx';

/** How often the figures are refreshed while the tab is open. */
const REFRESH_MS = 5000;
const MODE_LABEL = { continuous: 'Always', motion: 'Motion only', off: 'Off' } as const;

/** The forecast in sentences: the disk (or total quota) first, then each camera quota that fills. */
function forecastText(storage: StorageView, names: Record<string, string>): string[] {
  if (storage.bytesPerDay <= 0) return ['Nothing is being recorded right now, so nothing fills up.'];
  const rate = `Vigil writes about ${formatBytes(storage.bytesPerDay)} a day`;
  const what = storage.limitedBy === 'total-quota' ? 'the total quota is reached' : 'the disk is full';
  const lines = [
    storage.daysUntilFull === undefined
      ? `${rate}; the disk does not fill up: age retention deletes old footage first.`
      : `${rate}: ${what} ${formatForecast(storage.daysUntilFull)}, then the oldest footage makes room.`,
  ];
  for (const c of storage.cameras) {
    if (c.daysUntilQuota !== undefined) lines.push(`${names[c.camera] ?? c.camera} reaches its ${formatBytes(c.quotaBytes)} quota ${formatForecast(c.daysUntilQuota)}; from then on it keeps its newest ${formatBytes(c.quotaBytes)}.`);
  }
  return lines;
}

function DiskCard({ storage, names }: { storage: StorageView; names: Record<string, string> }) {
  const disk = storage.disk;
  const total = disk?.total ?? 0;
  const ours = storage.usedBytes;
  const others = disk ? Math.max(0, disk.total - disk.free - ours) : 0;
  const pct = (n: number) => `${total > 0 ? Math.min(100, (n / total) * 100) : 0}%`;
  return (
    <section className="card disk-card" data-testid="disk-card">
      <div className="row-actions">
        <h2>Recordings disk</h2>
        <span className="spacer" />
        <span className="muted small mono ellipsis" title={storage.root}>
          {storage.root}
        </span>
      </div>
      {disk ? (
        <>
          <div className="disk-bar" aria-hidden="true">
            <span className="disk-ours" style={{ width: pct(ours) }} />
            <span className="disk-others" style={{ width: pct(others) }} />
          </div>
          <div className="disk-legend small">
            <span>
              <i className="sw ours" /> Recordings <strong data-testid="disk-used">{formatBytes(ours)}</strong>
            </span>
            <span>
              <i className="sw others" /> Other files {formatBytes(others)}
            </span>
            <span>
              <i className="sw free" /> Free <strong data-testid="disk-free">{formatBytes(disk.free)}</strong> of {formatBytes(disk.total)}
            </span>
          </div>
        </>
      ) : (
        <p className="muted">The recordings disk cannot be read.</p>
      )}
      <div className="forecast" data-testid="disk-forecast">
        {forecastText(storage, names).map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      {(storage.minFreeBytes > 0 || storage.totalQuotaBytes > 0) && (
        <p className="muted small">
          {storage.minFreeBytes > 0 ? `Vigil always leaves ${formatBytes(storage.minFreeBytes)} free on this disk. ` : ''}
          {storage.totalQuotaBytes > 0 ? `All cameras together use at most ${formatBytes(storage.totalQuotaBytes)}.` : ''}
        </p>
      )}
    </section>
  );
}

/** The storage tab. */
export function StorageTab() {
  const storage = useRecordings((s) => s.storage);
  const cameras = useCameras((s) => s.cameras);
  const [editing, setEditing] = useState<string>();

  useEffect(() => {
    void useRecordings.getState().loadStorage();
    const timer = setInterval(() => void useRecordings.getState().loadStorage(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  if (!storage) return <div className="loading">Reading the disk…</div>;
  return (
    <div className="stack" data-testid="storage-tab">
      <DiskCard storage={storage} names={Object.fromEntries(cameras.map((c) => [c.config.id, c.config.name]))} />
      <section className="card">
        <h2>Cameras</h2>
        <table className="table storage-table">
          <thead>
            <tr>
              <th>Camera</th>
              <th>Records</th>
              <th>Stored</th>
              <th>Per day</th>
              <th>Keeps</th>
              <th>Quota</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {cameras.map((camera) => {
              const id = camera.config.id;
              const use = storage.cameras.find((c) => c.camera === id);
              const mode = camera.config.recording?.mode ?? 'off';
              const quota = use?.quotaBytes ?? 0;
              return (
                <Fragment key={id}>
                  <tr data-testid={`storage-row-${id}`}>
                    <td>
                      <strong>{camera.config.name}</strong>
                    </td>
                    <td>
                      <span className={`pill${mode === 'off' ? '' : ' ok'}`}>{MODE_LABEL[mode]}</span>
                    </td>
                    <td>{formatBytes(use?.bytes ?? 0)}</td>
                    <td>{use && use.bytesPerDay > 0 ? formatBytes(use.bytesPerDay) : '—'}</td>
                    <td>{use ? `${use.retentionDays} days` : '—'}</td>
                    <td data-testid={`storage-quota-${id}`}>
                      {quota > 0 ? (
                        <div className="quota">
                          <div className="quota-bar">
                            <span style={{ width: `${Math.min(100, ((use?.bytes ?? 0) / quota) * 100)}%` }} />
                          </div>
                          <span className="small">
                            {formatBytes(quota)}
                            {use?.daysUntilQuota !== undefined && <span className="muted"> · full {formatForecast(use.daysUntilQuota)}</span>}
                          </span>
                        </div>
                      ) : (
                        <span className="muted">No limit</span>
                      )}
                    </td>
                    <td className="actions">
                      <button className="btn small" onClick={() => setEditing(editing === id ? undefined : id)} data-testid={`storage-edit-${id}`}>
                        {editing === id ? 'Close' : 'Settings'}
                      </button>
                    </td>
                  </tr>
                  {editing === id && (
                    <tr className="settings-row">
                      <td colSpan={7}>
                        <RecordingSettings
                          camera={camera}
                          diskTotal={storage.disk?.total}
                          onCancel={() => setEditing(undefined)}
                          onSaved={() => {
                            setEditing(undefined);
                            void useRecordings.getState().loadStorage();
                          }}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
