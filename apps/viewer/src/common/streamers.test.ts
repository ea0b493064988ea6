import { describe, expect, it } from 'vitest';
import { addStreamer, defaultName, removeStreamerFrom, renameStreamer, setCameras, setLastGood, setRoutes, signalingUrls } from './streamers.ts';

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

describe('routes of a paired streamer', () => {
  const FP = 'F'.repeat(22);
  const LAN = 'wss://192.168.1.20:8443';
  const RELAY = 'wss://relay.example.org';
  const v2 = { version: 2 as const, url: LAN, streamerId: ID1, token: 'T'.repeat(22), fingerprint: FP, routes: [{ url: LAN, fingerprint: FP, via: 'direct' as const }, { url: RELAY, via: 'relay' as const }] };

  it('keeps every route of the code; a version 1 code gives its one direct route', () => {
    expect(addStreamer([], v2, 1).list[0]).toMatchObject({ url: LAN, fingerprint: FP, routes: v2.routes });
    expect(addStreamer([], offer(ID1), 1).list[0]!.routes).toEqual([{ url: 'ws://127.0.0.1:8443', via: 'direct' }]);
    expect(signalingUrls(addStreamer([], v2, 1).list)).toEqual([LAN, RELAY]);
  });

  it('remembers the route that worked, only among its routes', () => {
    const list = addStreamer([], v2, 1).list;
    const used = setLastGood(list, ID1, RELAY);
    expect(used[0]).toMatchObject({ lastGood: RELAY, url: RELAY });
    expect(setLastGood(used, ID1, RELAY)).toBe(used);
    expect(setLastGood(used, ID1, 'wss://elsewhere')).toBe(used);
  });

  it('replaces the routes, keeping lastGood while still listed', () => {
    const list = setLastGood(addStreamer([], v2, 1).list, ID1, RELAY);
    const more = [...v2.routes, { url: 'wss://203.0.113.7:8443', fingerprint: FP, via: 'direct' as const }];
    expect(setRoutes(list, ID1, more)[0]).toMatchObject({ routes: more, lastGood: RELAY, url: RELAY });
    const noRelay = setRoutes(list, ID1, [v2.routes[0]!])[0]!;
    expect(noRelay).toMatchObject({ url: LAN, routes: [v2.routes[0]] });
    expect(noRelay.lastGood).toBeUndefined();
  });

  it('pairing again takes the new code’s routes', () => {
    const list = setLastGood(addStreamer([], v2, 1).list, ID1, RELAY);
    const again = addStreamer(list, offer(ID1, 'ws://127.0.0.1:9000'), 2).list[0]!;
    expect(again).toMatchObject({ url: 'ws://127.0.0.1:9000', routes: [{ url: 'ws://127.0.0.1:9000', via: 'direct' }] });
    expect(again.lastGood).toBeUndefined();
  });
});
