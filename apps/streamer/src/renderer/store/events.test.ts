import { beforeEach, describe, expect, it } from 'vitest';
import type { CameraView } from '@vigil/shared/api';
import { useCameras } from './cameras.ts';
import { applyEvent } from './events.ts';
import { usePairing } from './pairing.ts';

const camera = (id: string): CameraView => ({
  config: { id, name: id, enabled: true, source: { kind: 'test-pattern', width: 640, height: 360, fps: 15 } },
  state: { id, state: 'starting', since: 0, restarts: 0 },
  stats: { fps: 0, bitrateKbps: 0, viewers: 0, restarts: 0 },
});

describe('engine events into the stores', () => {
  beforeEach(() => {
    useCameras.setState({ cameras: [camera('door'), camera('yard')] });
    usePairing.setState({ viewers: [], sessions: [], pairings: 0 });
  });

  it('updates camera states and removes cameras', () => {
    applyEvent({ type: 'camera-state', state: { id: 'door', state: 'failed', reason: 'auth', message: 'refused', since: 5, restarts: 2 } });
    const door = useCameras.getState().cameras[0]!;
    expect(door.state).toMatchObject({ state: 'failed', reason: 'auth' });
    expect(door.stats.restarts).toBe(2);
    applyEvent({ type: 'camera-state', state: { id: 'ghost', state: 'live', since: 5, restarts: 0 } });
    expect(useCameras.getState().cameras).toHaveLength(2);
    applyEvent({ type: 'camera-removed', id: 'yard' });
    expect(useCameras.getState().cameras.map((c) => c.config.id)).toEqual(['door']);
  });

  it('tracks viewers and sessions, counting pairings', () => {
    applyEvent({ type: 'viewer-paired', viewer: { id: 'v1', name: 'Phone', pairedAt: 1 } });
    applyEvent({ type: 'viewer-paired', viewer: { id: 'v1', name: 'Phone', pairedAt: 1 } });
    expect(usePairing.getState().viewers).toHaveLength(1);
    expect(usePairing.getState().pairings).toBe(2);
    applyEvent({ type: 'session-opened', session: { id: 's1', cameraId: 'door', viewer: 'v1', startedAt: 2 } });
    expect(usePairing.getState().sessions).toHaveLength(1);
    // Opening a session means the viewer was just seen.
    expect(usePairing.getState().viewers[0]!.lastSeen).toBe(2);
    applyEvent({ type: 'session-closed', id: 's1' });
    applyEvent({ type: 'viewer-revoked', id: 'v1' });
    expect(usePairing.getState()).toMatchObject({ viewers: [], sessions: [] });
  });
});
