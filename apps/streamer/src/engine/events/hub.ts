/**
 * The engine's one typed event hub. Modules publish what happened (camera state, motion,
 * detection, recording, alerts, sessions, viewers) and subscribe to what they act on, so an
 * event goes from the module that saw it to the modules that care without climbing back to the
 * composition root. Public events are the control API's stream (EngineEvent, shared/src/api);
 * internal ones travel between modules only.
 *
 *   motion bus ──motion──────────► recorder (event marks), control API stream
 *   detection ──motion-labelled──► recorder (labels on the mark)
 *             └─detection────────► control API stream
 *   cameras, sessions, pairing, alerts, exports, recording ──► control API stream
 */
import type { EngineEvent } from '@vigil/shared/api';
import type { MotionTransition } from '@vigil/shared/motion';

/** Events between modules only: never on the control API's stream. */
export type InternalEvent =
  /** The detector labelled an open or closed motion event (an `update` transition carrying labels). */
  { type: 'motion-labelled'; transition: MotionTransition };
export type HubEvent = EngineEvent | InternalEvent;
export type HubEventType = HubEvent['type'];
export type HubEventOf<T extends HubEventType> = Extract<HubEvent, { type: T }>;

const INTERNAL: ReadonlySet<HubEventType> = new Set<HubEventType>(['motion-labelled']);

/** The hub's handle as modules see it. */
export interface EventHub {
  /** Delivers `event` synchronously to its subscribers, in the order they subscribed. */
  publish(event: HubEvent): void;
  /** Subscribes to the events of one or more types; returns the unsubscribe function. */
  on<T extends HubEventType>(types: T | readonly T[], listener: (event: HubEventOf<T>) => void): () => void;
  /** Subscribes to every public event (the control API's stream). */
  onPublic(listener: (event: EngineEvent) => void): () => void;
}

/** Creates an empty hub. */
export function createEventHub(): EventHub {
  const listeners = new Set<{ accepts(type: HubEventType): boolean; deliver(event: HubEvent): void }>();
  const add = (entry: { accepts(type: HubEventType): boolean; deliver(event: HubEvent): void }) => (listeners.add(entry), () => void listeners.delete(entry));
  return {
    publish(event) {
      for (const listener of listeners) if (listener.accepts(event.type)) listener.deliver(event);
    },
    on(types, listener) {
      const wanted = new Set<HubEventType>(typeof types === 'string' ? [types] : types);
      return add({ accepts: (type) => wanted.has(type), deliver: (event) => listener(event as never) });
    },
    onPublic(listener) {
      return add({ accepts: (type) => !INTERNAL.has(type), deliver: (event) => listener(event as EngineEvent) });
    },
  };
}
