import { describe, expect, it } from 'vitest';
import { addStreamer, defaultName, removeStreamerFrom, renameStreamer, setCameras, signalingUrls } from './streamers.ts';

const offer = (id: string, url = 'ws://127.0.0.1:8443') => ({ version: 1 as const, url, streamerId: id, token: 'T'.repeat(22) });
const ID1 = 'A'.repeat(22);
const ID2 = 'B'.repeat(22);

describe('streamer reducers', () => {
  it('adds a streamer named after its host, with unique names', () => {
    const one = addStreamer([], offer(ID1), 1).list;
    const two = addStreamer(one, offer(ID2), 2).list;
    expect(one[0]).toMatchObject({ id: ID1, name: 'Streamer at 127.0.0.1', cameras: [], addedAt: 1 });
    expect(two[1]!.name).toBe('Streamer at 127.0.0.1 (2)');
  });

  it('refreshes the address of a streamer paired again, keeping its name', () => {
    let list = addStreamer([], offer(ID1), 1).list;
    list = renameStreamer(list, ID1, 'Garage');
    const again = addStreamer(list, { ...offer(ID1, 'wss://10.0.0.5:8443'), fingerprint: 'F'.repeat(22) }, 2);
    expect(again.added).toBe(false);
    expect(again.list).toHaveLength(1);
    expect(again.list[0]).toMatchObject({ name: 'Garage', url: 'wss://10.0.0.5:8443' });
  });

  it('renames with whitespace cleaned and refuses blank names', () => {
    let list = addStreamer([], offer(ID1), 1).list;
    list = renameStreamer(list, ID1, '  Front   door ');
    expect(list[0]!.name).toBe('Front door');
    expect(renameStreamer(list, ID1, '   ')[0]!.name).toBe('Front door');
    expect(renameStreamer(list, ID1, 'x'.repeat(100))[0]!.name).toHaveLength(48);
  });

  it('removes a streamer and stores cameras', () => {
    let list = addStreamer([], offer(ID1), 1).list;
    list = addStreamer(list, offer(ID2, 'ws://localhost:9000'), 1).list;
    list = setCameras(list, ID2, [{ id: 'cam', name: 'Cam', state: 'live' }]);
    expect(list[1]!.cameras).toEqual([{ id: 'cam', name: 'Cam', state: 'live' }]);
    expect(signalingUrls(list)).toEqual(['ws://127.0.0.1:8443', 'ws://localhost:9000']);
    expect(removeStreamerFrom(list, ID1).map((s) => s.id)).toEqual([ID2]);
  });

  it('names IPv6 hosts', () => {
    expect(defaultName('wss://[fd00::1]:8443')).toBe('Streamer at [fd00::1]');
  });
});
