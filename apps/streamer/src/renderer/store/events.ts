/** Routes the engine's live events into the stores, and reloads them after a reconnect. */
import type { EngineEvent } from '@vigil/shared/api';
import { openEventStream } from '../api/events.ts';
import { useApp } from './app.ts';
import { useCameras } from './cameras.ts';
import { usePairing } from './pairing.ts';
import { useTalk } from './talk.ts';

/** Applies one event to the store it concerns. */
export function applyEvent(event: EngineEvent): void {
  switch (event.type) {
    case 'camera-state':
      return useCameras.getState().applyState(event.state);
    case 'camera-removed':
      return useCameras.getState().removed(event.id);
    case 'session-opened':
      return usePairing.getState().sessionOpened(event.session);
    case 'session-closed':
      return usePairing.getState().sessionClosed(event.id);
    case 'viewer-paired':
      return usePairing.getState().viewerPaired(event.viewer);
    case 'viewer-revoked':
      return usePairing.getState().viewerRevoked(event.id);
    case 'talk':
      return useTalk.getState().apply(event.activity);
    default:
      return; // motion and alert-delivery events: for the Motion zones and Alerts screens to come
  }
}

/** Starts the event stream for the current connection; returns its stop function. */
export function startEvents(): () => void {
  const api = useApp.getState().api;
  if (!api) return () => undefined;
  return openEventStream(api.connection, {
    onEvent: applyEvent,
    onStatus: (open) => {
      useApp.setState({ eventsOpen: open });
      if (open) {
        void useCameras.getState().refresh();
        void usePairing.getState().refresh();
      }
    },
  });
}
