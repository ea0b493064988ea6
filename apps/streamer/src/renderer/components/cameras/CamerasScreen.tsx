/** The cameras screen: a card per camera with its live preview and figures, under a heading per site once any camera has one. */
import { useEffect, useState } from 'react';
import type { CameraView } from '@vigil/shared/api';
import { groupBySite } from '@vigil/shared/config';
import { useApp } from '../../store/app.ts';
import { useCameras } from '../../store/cameras.ts';
import { Icon } from '../common/Icons.tsx';
import { CameraCard } from './CameraCard.tsx';
import { CameraEditor } from './CameraEditor.tsx';

/** How often fps, bitrate and viewer counts are refreshed (events carry states only). */
const STATS_INTERVAL_MS = 3000;

/** The list of cameras. */
export function CamerasScreen() {
  const cameras = useCameras((s) => s.cameras);
  const loaded = useCameras((s) => s.loaded);
  const error = useCameras((s) => s.error);
  const setScreen = useApp((s) => s.setScreen);
  const [editing, setEditing] = useState<string>();
  const sites = groupBySite(cameras, (c) => c.config.site);
  const named = sites.filter((site) => site.key !== '').length;

  useEffect(() => {
    void useCameras.getState().refresh();
    const timer = setInterval(() => void useCameras.getState().refresh(), STATS_INTERVAL_MS);
    return () => clearInterval(timer);
  }, []);

  const add = (
    <button className="btn primary" data-testid="add-camera" onClick={() => setScreen('add')}>
      <Icon name="plus" /> Add camera
    </button>
  );
  if (!loaded) return <div className="loading">Loading cameras…</div>;
  return (
    <div className="page">
      {error && <div className="notice error">The camera list could not be loaded: {error}</div>}
      {cameras.length === 0 ? (
        <div className="empty">
          <h1>No cameras yet</h1>
          <p>Add a network (RTSP) camera, a USB webcam, or a test pattern to try Vigil out. It takes a minute.</p>
          {add}
        </div>
      ) : (
        <>
          <div className="page-head row">
            <div>
              <h1>Cameras</h1>
              <p className="muted">
                {countLine(cameras)}
                {named > 0 && ` · ${named} site${named === 1 ? '' : 's'}`}
              </p>
            </div>
            {add}
          </div>
          {sites.length === 1 && sites[0]!.key === '' ? (
            <CameraGrid cameras={cameras} onEdit={setEditing} />
          ) : (
            sites.map((site, i) => (
              <section key={site.key} className="camera-site" data-testid="camera-site" data-site={site.key} aria-labelledby={`camera-site-${i}`}>
                <h2 className="camera-site-head" id={`camera-site-${i}`}>
                  <span className="ellipsis">{site.name ?? 'No site'}</span>
                  <span className="muted small">{countLine(site.items)}</span>
                </h2>
                <CameraGrid cameras={site.items} onEdit={setEditing} />
              </section>
            ))
          )}
        </>
      )}
      {editing && <CameraEditor cameraId={editing} onClose={() => setEditing(undefined)} />}
    </div>
  );
}

/** "3 cameras · 2 live". */
function countLine(cameras: readonly CameraView[]): string {
  return `${cameras.length} camera${cameras.length === 1 ? '' : 's'} · ${cameras.filter((c) => c.state.state === 'live').length} live`;
}

/** The cards of some cameras. */
function CameraGrid({ cameras, onEdit }: { cameras: readonly CameraView[]; onEdit(id: string): void }) {
  return (
    <ul className="camera-grid">
      {cameras.map((c) => (
        <CameraCard key={c.config.id} camera={c} onEdit={() => onEdit(c.config.id)} />
      ))}
    </ul>
  );
}
