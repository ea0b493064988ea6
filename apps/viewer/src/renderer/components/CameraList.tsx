/** The side list of every paired streamer's cameras, dragged onto tiles (or clicked). */
import { cameraKey, firstEmptyTile, sameCamera } from '../../common/assignment.ts';
import { useViewer } from '../store/viewer.ts';
import { CAMERA_MIME } from './dnd.ts';
import { PresenceDot } from './Presence.tsx';

/** The camera side list. */
export function CameraList() {
  const streamers = useViewer((s) => s.streamers);
  const presence = useViewer((s) => s.presence);
  const assignment = useViewer((s) => s.grid.assignment);
  const layout = useViewer((s) => s.grid.layout);
  const assign = useViewer((s) => s.assign);

  return (
    <aside className="sidebar" aria-label="Cameras">
      <h2 className="sidebar-title">Cameras</h2>
      {streamers.map((s) => (
        <div key={s.id} className="sidebar-group">
          <div className="sidebar-streamer">
            <PresenceDot online={presence[s.id]} />
            <span className="ellipsis">{s.name}</span>
          </div>
          {s.cameras.length === 0 ? (
            <p className="muted small pad">{presence[s.id] ? 'No cameras on this streamer.' : presence[s.id] === false ? 'Offline: cameras appear when it is back.' : 'Waiting for the streamer…'}</p>
          ) : (
            <ul className="sidebar-cameras">
              {s.cameras.map((c) => {
                const ref = { streamerId: s.id, cameraId: c.id };
                const shown = assignment.slice(0, layout).some((a) => sameCamera(a, ref));
                return (
                  <li
                    key={cameraKey(ref)}
                    className={`sidebar-camera${shown ? ' shown' : ''}`}
                    draggable
                    data-testid="camera-item"
                    data-camera={c.id}
                    title="Drag onto a tile, or click to show in the first empty tile"
                    onDragStart={(e) => {
                      e.dataTransfer.setData(CAMERA_MIME, JSON.stringify(ref));
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    onClick={() => {
                      const slot = firstEmptyTile(assignment, layout);
                      if (slot >= 0 && !shown) assign(slot, ref);
                    }}
                  >
                    <span className="grip" aria-hidden="true">⠿</span>
                    <span className="ellipsis">{c.name}</span>
                    <span className={`mini-state state-${c.state}`}>{c.state}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ))}
    </aside>
  );
}
