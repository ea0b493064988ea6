/**
 * The side list of every paired streamer's cameras, dragged onto tiles (or clicked). A streamer
 * whose cameras have sites lists them under one heading per site, each with "Show" that fills
 * the grid with that site's cameras.
 */
import { cameraKey, firstEmptyTile, sameCamera } from '../../common/assignment.ts';
import { sitesOf } from '../../common/sites.ts';
import type { CameraInfo, PairedStreamer } from '../../common/streamers.ts';
import { useViewer } from '../store/viewer.ts';
import { CAMERA_MIME } from './dnd.ts';
import { PresenceDot } from './Presence.tsx';

/** The camera side list. */
export function CameraList() {
  const streamers = useViewer((s) => s.streamers);
  const presence = useViewer((s) => s.presence);

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
            <StreamerCameras streamer={s} />
          )}
        </div>
      ))}
    </aside>
  );
}

/** A streamer's cameras: one flat list, or one list per site when any camera has a site. */
function StreamerCameras({ streamer }: { streamer: PairedStreamer }) {
  const showSite = useViewer((s) => s.showSite);
  const sites = sitesOf(streamer.cameras);
  if (sites.length === 1 && sites[0]!.key === '') return <CameraItems streamer={streamer} cameras={streamer.cameras} />;
  return (
    <>
      {sites.map((site) => (
        <section key={site.key} className="sidebar-site" data-testid="site-group" data-site={site.key} aria-label={site.name ?? 'No site'}>
          <div className="sidebar-site-head">
            <span className="ellipsis" title={site.name}>
              {site.name ?? 'No site'}
            </span>
            <span className="sidebar-site-count">{site.items.length}</span>
            {site.name && (
              <button
                className="site-show"
                data-testid="show-site"
                aria-label={`Show site ${site.name}`}
                title={`Fill the grid with the ${site.items.length > 9 ? 'first 9' : site.items.length} camera${site.items.length === 1 ? '' : 's'} of ${site.name}`}
                onClick={() => showSite(streamer.id, site.key)}
              >
                Show
              </button>
            )}
          </div>
          <CameraItems streamer={streamer} cameras={site.items} />
        </section>
      ))}
    </>
  );
}

/** Draggable camera rows; a click puts the camera in the first empty tile. */
function CameraItems({ streamer, cameras }: { streamer: PairedStreamer; cameras: readonly CameraInfo[] }) {
  const assignment = useViewer((s) => s.grid.assignment);
  const layout = useViewer((s) => s.grid.layout);
  const assign = useViewer((s) => s.assign);
  // A camera's state is the streamer's last word: while the streamer is away it is not known.
  const online = useViewer((s) => s.presence[streamer.id]);
  return (
    <ul className="sidebar-cameras">
      {cameras.map((c) => {
        const ref = { streamerId: streamer.id, cameraId: c.id };
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
            {online ? (
              <span className={`mini-state state-${c.state}`}>{c.state}</span>
            ) : (
              <span className="mini-state" title="The streamer is not reachable: this camera's state is unknown">{online === false ? 'offline' : '…'}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
