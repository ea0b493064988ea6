/** Who is watching now: live sessions (viewers and this UI's previews), each with a close button. */
import { useEffect } from 'react';
import { formatAgo } from '../../logic/format.ts';
import { useApp } from '../../store/app.ts';
import { useCameras } from '../../store/cameras.ts';
import { usePairing } from '../../store/pairing.ts';
import { useNow } from '../common/useNow.ts';

/** Previews do not send events: the list is also reloaded on this interval. */
const REFRESH_MS = 5000;

/** The live sessions card. */
export function SessionsList() {
  const sessions = usePairing((s) => s.sessions);
  const viewers = usePairing((s) => s.viewers);
  const cameras = useCameras((s) => s.cameras);
  const now = useNow(5000);
  useEffect(() => {
    const timer = setInterval(() => void usePairing.getState().refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const close = async (id: string) => {
    await useApp.getState().api?.closeSession(id).catch(() => undefined);
    usePairing.getState().sessionClosed(id);
  };
  const viewerName = (who: string) => viewers.find((v) => v.id === who)?.name ?? (who === 'streamer UI' ? 'This window (preview)' : who);
  const cameraName = (id: string) => cameras.find((c) => c.config.id === id)?.config.name ?? id;
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Watching now</h2>
      {sessions.length === 0 ? (
        <p className="muted">Nobody is watching a camera right now.</p>
      ) : (
        <table className="table" data-testid="sessions">
          <thead>
            <tr>
              <th>Camera</th>
              <th>Viewer</th>
              <th>Since</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-testid="session-row">
                <td>{cameraName(s.cameraId)}</td>
                <td>{viewerName(s.viewer)}</td>
                <td>{formatAgo(s.startedAt, now)}</td>
                <td className="actions">
                  <button className="btn small" onClick={() => void close(s.id)}>
                    Close
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
