/**
 * The Remote access screen: a one-line verdict (anywhere / through the relay only / at home only)
 * with what to do and "Test from outside", then each part (address and port mapping, relays,
 * TURN), the routes viewers get, and the settings. `remote-status` events keep it current.
 */
import { useEffect } from 'react';
import { openEventStream } from '../../api/events.ts';
import { useApp } from '../../store/app.ts';
import { useRemote } from '../../store/remote.ts';
import { AddressCard } from './AddressCard.tsx';
import { RelaysCard } from './RelaysCard.tsx';
import { RemoteSettingsForm } from './RemoteSettingsForm.tsx';
import { RoutesCard } from './RoutesCard.tsx';
import { TurnCard } from './TurnCard.tsx';
import { VerdictCard } from './VerdictCard.tsx';
import './remote.css';

/** The Remote access screen. */
export function RemoteScreen() {
  const api = useApp((s) => s.api);
  const { status, settings, error } = useRemote();

  // The status follows the engine's events; after a reconnect (or at first) it is read again.
  useEffect(() => {
    if (!api) return;
    return openEventStream(api.connection, {
      onEvent: (event) => event.type === 'remote-status' && useRemote.getState().applyStatus(event.status),
      onStatus: (open) => open && void useRemote.getState().refresh(),
    });
  }, [api]);

  if (!status) {
    return error ? (
      <div className="page">
        <div className="notice error">Remote access could not be read: {error}</div>
      </div>
    ) : (
      <div className="loading">Reading remote access…</div>
    );
  }
  return (
    <div className="page wide" data-testid="remote-screen">
      <div className="page-head">
        <h1>Remote access</h1>
        <p className="muted">How viewers reach this streamer when they are away from home.</p>
      </div>
      {error && <div className="notice error small">The last refresh failed: {error}</div>}
      <VerdictCard status={status} />
      <div className="remote-grid">
        <AddressCard status={status} />
        <div className="stack">
          <RelaysCard relays={status.relays} />
          <TurnCard turn={status.turn} />
        </div>
      </div>
      <RoutesCard routes={status.routes} />
      {settings && <RemoteSettingsForm settings={settings} />}
    </div>
  );
}
