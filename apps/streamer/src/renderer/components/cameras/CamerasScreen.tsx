/** The cameras screen: a card per camera with its live preview and figures. */
import { useEffect, useState } from 'react';
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
                {cameras.length} camera{cameras.length === 1 ? '' : 's'} · {cameras.filter((c) => c.state.state === 'live').length} live
              </p>
            </div>
            {add}
          </div>
          <ul className="camera-grid">
            {cameras.map((c) => (
              <CameraCard key={c.config.id} camera={c} onEdit={() => setEditing(c.config.id)} />
            ))}
          </ul>
        </>
      )}
      {editing && <CameraEditor cameraId={editing} onClose={() => setEditing(undefined)} />}
    </div>
  );
}
