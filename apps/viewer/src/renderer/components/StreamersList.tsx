/** The paired streamers: rename, remove, and each one's cameras with their state (under their sites). */
import { Fragment, useState } from 'react';
import { pickRoute, routeKind } from '../../common/routes.ts';
import { sitesOf } from '../../common/sites.ts';
import type { PairedStreamer } from '../../common/streamers.ts';
import { useViewer } from '../store/viewer.ts';
import { PresenceDot, presenceLabel } from './Presence.tsx';

/** The streamers screen. */
export function StreamersList() {
  const streamers = useViewer((s) => s.streamers);
  const setScreen = useViewer((s) => s.setScreen);
  if (streamers.length === 0) {
    return (
      <div className="page">
        <div className="empty">
          <h1>No streamers yet</h1>
          <p>A streamer is the computer the cameras are connected to. Pair this viewer with it by scanning the QR code the streamer shows.</p>
          <button className="btn primary" onClick={() => setScreen('add')}>
            Add a streamer
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page-head row">
        <h1>Streamers</h1>
        <button className="btn primary" onClick={() => setScreen('add')}>
          Add streamer
        </button>
      </div>
      <ul className="streamer-list">
        {streamers.map((s) => (
          <StreamerCard key={s.id} streamer={s} />
        ))}
      </ul>
    </div>
  );
}

/** Each route to the streamer: its kind, address, whether it is connected now, and the one in use. */
function RouteRows({ streamer }: { streamer: PairedStreamer }) {
  const states = useViewer((s) => s.routeStates[streamer.id]);
  const readiness = (url: string) => states?.[url] ?? 'down';
  const inUse = pickRoute(streamer, readiness);
  const connected = inUse !== undefined && readiness(inUse) !== 'down';
  return (
    <ul className="route-rows" data-testid="streamer-routes">
      {streamer.routes.map((route) => {
        const state = readiness(route.url);
        const used = connected && route.url === inUse;
        return (
          <li key={route.url} className="route-row" data-testid="streamer-route" data-url={route.url} data-state={state} data-in-use={used}>
            <span className="route-kind">{routeKind(streamer, route)}</span>
            <span className="mono">{route.url.replace(/^wss:\/\//, '')}</span>
            <span className={`pill ${state === 'ready' ? 'ok' : state === 'down' ? 'bad' : ''}`} title={ROUTE_STATE_TITLE[state]}>
              {ROUTE_STATE_LABEL[state]}
            </span>
            {used && <span className="pill ok" data-testid="route-in-use">In use</span>}
          </li>
        );
      })}
    </ul>
  );
}

const ROUTE_STATE_LABEL = { ready: 'Connected', open: 'Connected', absent: 'Streamer not there', down: 'Not connected' } as const;
const ROUTE_STATE_TITLE = {
  ready: 'Connected, and the streamer answers here',
  open: 'Connected; waiting to hear whether the streamer is there',
  absent: 'The server answers, but the streamer is not connected to it',
  down: 'Nothing answers at this address from here (trying again by itself)',
} as const;

function StreamerCard({ streamer }: { streamer: PairedStreamer }) {
  const online = useViewer((s) => s.presence[streamer.id]);
  const error = useViewer((s) => s.cameraErrors[streamer.id]);
  const { rename, remove, refreshCameras } = useViewer.getState();
  const [name, setName] = useState(streamer.name);
  const [confirming, setConfirming] = useState(false);
  const sites = sitesOf(streamer.cameras);
  const hasSites = sites.some((site) => site.key !== '');
  const commit = () => {
    rename(streamer.id, name);
    setName(useViewer.getState().streamers.find((s) => s.id === streamer.id)?.name ?? name);
  };

  return (
    <li className="card streamer-card" data-testid="streamer-card">
      <div className="streamer-head">
        <PresenceDot online={online} />
        <input
          className="name-input"
          aria-label="Streamer name"
          data-testid="streamer-name"
          value={name}
          maxLength={48}
          onChange={(e) => setName(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
            if (e.key === 'Escape') setName(streamer.name);
          }}
        />
        <span className={`pill ${online ? 'ok' : online === false ? 'bad' : 'unknown'}`}>{presenceLabel(online)}</span>
        <div className="spacer" />
        <button className="btn small" onClick={() => void refreshCameras(streamer.id)} disabled={!online}>
          Refresh cameras
        </button>
        {confirming ? (
          <span className="confirm">
            Remove this streamer?
            <button className="btn small danger" data-testid="confirm-remove" onClick={() => remove(streamer.id)}>
              Remove
            </button>
            <button className="btn small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button className="btn small" data-testid="remove-streamer" onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )}
      </div>
      <dl className="streamer-meta">
        <dt>Routes</dt>
        <dd>
          <RouteRows streamer={streamer} />
        </dd>
        <dt>Streamer id</dt>
        <dd className="mono">{streamer.id}</dd>
      </dl>
      {error && <div className="notice error small">Cameras could not be listed: {error}</div>}
      {streamer.cameras.length === 0 ? (
        <p className="muted">{online ? 'This streamer has no cameras yet. Add one in the streamer app.' : 'Cameras appear here once the streamer is online.'}</p>
      ) : (
        <ul className="camera-rows">
          {sites.map((site) => (
            <Fragment key={site.key}>
              {hasSites && (
                <li className="camera-site-row" data-testid="camera-site">
                  {site.name ?? 'No site'} · {site.items.length} camera{site.items.length === 1 ? '' : 's'}
                </li>
              )}
              {site.items.map((c) => (
                <li key={c.id} className="camera-row">
                  <span className="camera-name">{c.name}</span>
                  <span className="mono muted">{c.id}</span>
                  <span className={`pill state-${c.state}`}>{online === false ? 'unknown' : c.state}</span>
                </li>
              ))}
            </Fragment>
          ))}
        </ul>
      )}
    </li>
  );
}
