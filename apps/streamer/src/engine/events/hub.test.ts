import { describe, expect, it } from 'vitest';
import type { MotionTransition } from '@vigil/shared/motion';
import { createEventHub, type HubEvent } from './hub.ts';

const transition = { type: 'update', event: { id: 'e1', camera: 'cam', start: 1, preRollMs: 0, postRollMs: 0, zones: [] } } as unknown as MotionTransition;

describe('event hub', () => {
  it('delivers each event to the subscribers of its type, in the order they subscribed', () => {
    const hub = createEventHub();
    const seen: string[] = [];
    hub.on('viewer-revoked', (e) => seen.push(`a:${e.id}`));
    hub.on(['viewer-revoked', 'camera-removed'], (e) => seen.push(`b:${e.type}`));
    hub.publish({ type: 'viewer-revoked', id: 'v1' });
    hub.publish({ type: 'camera-removed', id: 'c1' });
    expect(seen).toEqual(['a:v1', 'b:viewer-revoked', 'b:camera-removed']);
  });

  it('keeps internal events off the public stream', () => {
    const hub = createEventHub();
    const publicEvents: HubEvent[] = [];
    const internal: HubEvent[] = [];
    hub.onPublic((e) => publicEvents.push(e));
    hub.on('motion-labelled', (e) => internal.push(e));
    hub.publish({ type: 'motion-labelled', transition });
    hub.publish({ type: 'viewer-revoked', id: 'v1' });
    expect(publicEvents.map((e) => e.type)).toEqual(['viewer-revoked']);
    expect(internal.map((e) => e.type)).toEqual(['motion-labelled']);
  });

  it('stops delivering after unsubscribe', () => {
    const hub = createEventHub();
    let count = 0;
    const off = hub.on('viewer-revoked', () => count++);
    hub.publish({ type: 'viewer-revoked', id: 'v1' });
    off();
    hub.publish({ type: 'viewer-revoked', id: 'v2' });
    expect(count).toBe(1);
  });
});
