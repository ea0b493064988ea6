// The control API's remote-access routes (api/remote-routes.ts) over the real server, token check
// and config store. The engine's remote service does not exist yet: a stand-in implements
// RemoteAccessAdmin (tests/fixtures/remote/admin.ts), its settings through the real config store.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type EngineEvent } from '@vigil/shared/api';
import { ADVICE, RemoteSettingsView, RemoteStatus, RemoteTest } from '@vigil/shared/remote';
import { createControlApi } from '../../apps/streamer/src/engine/api/server.ts';
import { remoteRoutes } from '../../apps/streamer/src/engine/api/remote-routes.ts';
import { openConfigStore, type ConfigStore } from '../../apps/streamer/src/engine/config/store.ts';
import { createEventHub } from '../../apps/streamer/src/engine/events/hub.ts';
import { createTestRemoteAdmin } from '../fixtures/remote/admin.ts';
import { waitFor } from '../helpers/wait.ts';

const TOKEN = 'remote-test-admin-token-0123456789';
const SECRET = 'turn-shared-secret-never-shown-7f3a';
const TURN_URLS = ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'];

let dir: string;
let store: ConfigStore;
let api: ReturnType<typeof createControlApi>;
let url: string;
let remote: ReturnType<typeof createTestRemoteAdmin>;
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) =>
  fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const save = (body: unknown) => call('PUT', '/api/remote/settings', body);
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; issues?: string[] } }).error;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-remote-api-'));
  store = await openConfigStore(join(dir, 'config.json'));
  const hub = createEventHub();
  remote = createTestRemoteAdmin(store, (status) => hub.publish({ type: 'remote-status', status }));
  api = createControlApi({ host: '127.0.0.1', port: 0, token: TOKEN, events: hub.onPublic, routes: remoteRoutes(remote.admin) });
  url = (await api.start()).url;
});
afterAll(async () => {
  await api?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('remote access routes', () => {
  it('need the admin token, every one of them', async () => {
    const routes: [string, string, unknown?][] = [['GET', '/api/remote'], ['POST', '/api/remote/test'], ['GET', '/api/remote/settings'], ['PUT', '/api/remote/settings', { portMapping: false }]];
    for (const [method, path, body] of routes) {
      const refused: Record<string, string>[] = [{ 'content-type': 'application/json' }, { authorization: 'Bearer wrong-token', 'content-type': 'application/json' }];
      for (const headers of refused) {
        const res = await call(method, path, body, headers);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect((await errorOf(res)).code).toBe('unauthorized');
      }
    }
    expect(store.current().remote.portMapping).toBe(true); // the refused PUT changed nothing
    const res = await call('GET', '/api/remote');
    expect(res.status).toBe(200);
    expect(RemoteStatus.parse(await res.json()).portMapping.state).toBe('working');
  });

  it('refuse bad settings with the field and the reason in words, and keep the file as it was', async () => {
    const before = await readFile(store.file, 'utf8');
    const cases: [unknown, string][] = [
      [{ stun: ['stun.example.org:3478'] }, 'stun.0: must be a stun: URL'],
      [{ turn: [{ urls: ['http://turn.example.org'], secret: SECRET }] }, 'turn.0.urls.0: must be a turn: or turns: URL'],
      [{ turn: [{ urls: TURN_URLS, secret: 'short' }] }, 'turn.0.secret: must be at least 16 characters'],
      [{ turn: [{ urls: TURN_URLS }] }, 'turn.0.secret: is required for a new TURN server'],
      [{ turn: [{ urls: TURN_URLS, secret: SECRET, ttlSeconds: 5 }] }, 'turn.0.ttlSeconds'],
      [{ relays: [{ url: 'ws://relay.example.org' }] }, 'relays.0.url: must be a wss:// URL with a host and no path'],
      [{ relays: [{ url: 'wss://relay.example.org', fingerprint: 'not a pin' }] }, 'relays.0.fingerprint: must be the SPKI SHA-256 pin'],
      [{ mediaPorts: { min: 50100, max: 50000 } }, 'mediaPorts: max must be ≥ min, at most 256 ports'],
      [{ portMapping: 'yes' }, 'portMapping:'],
      [{ upnp: true }, 'upnp'],
    ];
    for (const [body, words] of cases) {
      const res = await save(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('bad-request');
      expect(error.message).toMatch(/^invalid remote access settings: /);
      expect(error.message, JSON.stringify(body)).toContain(words);
      expect(error.issues?.join('\n'), JSON.stringify(body)).toContain(words.split(':')[0]);
      expect(JSON.stringify(error)).not.toContain(SECRET);
    }
    expect(await readFile(store.file, 'utf8')).toBe(before);
  });

  it('save settings through the config store; the TURN secret is written but never read back', async () => {
    const res = await save({ stun: ['stun:stun.example.org:3478'], turn: [{ urls: TURN_URLS, secret: SECRET }], relays: [{ url: 'wss://relay.example.org' }], mediaPorts: { min: 50200, max: 50215 } });
    expect(res.status).toBe(200);
    const replied = await res.text();
    expect(replied).not.toContain(SECRET);
    expect(RemoteStatus.parse(JSON.parse(replied)).turn).toMatchObject({ state: 'ok', servers: TURN_URLS });

    const onDisk = JSON.parse(await readFile(store.file, 'utf8')) as { remote: { turn: { secret: string }[]; portMapping: boolean; mediaPorts: unknown } };
    expect(onDisk.remote.turn[0]!.secret).toBe(SECRET);
    expect(onDisk.remote.portMapping).toBe(true); // left out: kept
    expect(onDisk.remote.mediaPorts).toEqual({ min: 50200, max: 50215 });

    const settingsText = await (await call('GET', '/api/remote/settings')).text();
    expect(settingsText).not.toContain(SECRET);
    expect(RemoteSettingsView.parse(JSON.parse(settingsText))).toEqual({
      stun: ['stun:stun.example.org:3478'],
      turn: [{ urls: TURN_URLS, ttlSeconds: 3600, hasSecret: true }],
      portMapping: true,
      mediaPorts: { min: 50200, max: 50215 },
      relays: [{ url: 'wss://relay.example.org' }],
    });
    expect(await (await call('GET', '/api/remote')).text()).not.toContain(SECRET);

    // The screen sends the server back without its secret: the stored one stays.
    const again = await save({ turn: [{ urls: TURN_URLS, ttlSeconds: 600 }], portMapping: false });
    expect(again.status).toBe(200);
    expect(store.current().remote.turn).toEqual([{ urls: TURN_URLS, secret: SECRET, ttlSeconds: 600 }]);
    expect(store.current().remote.portMapping).toBe(false);
    // Pointing it at other URLs without the secret is refused: a secret follows its own server only.
    const moved = await save({ turn: [{ urls: ['turn:elsewhere.example.net:3478'] }] });
    expect(moved.status).toBe(400);
    expect((await errorOf(moved)).message).toContain('turn.0.secret: is required for a new TURN server');
    expect(store.current().remote.turn[0]!.secret).toBe(SECRET);
    // And an empty list removes it.
    expect((await save({ turn: [] })).status).toBe(200);
    expect(store.current().remote.turn).toEqual([]);
    expect(await readFile(store.file, 'utf8')).not.toContain(SECRET);
  });

  it('test from outside answers reachable or why not, and the status goes out on the event stream', async () => {
    const ws = new WebSocket(url.replace('http', 'ws') + '/api/events', [EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN]);
    const events: EngineEvent[] = [];
    ws.on('message', (data) => events.push(JSON.parse(String(data)) as EngineEvent));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    try {
      remote.set({ portMapping: { state: 'failed', detail: 'No router answered UPnP or NAT-PMP', mappings: [] } });
      const res = await call('POST', '/api/remote/test');
      expect(res.status).toBe(200);
      const result = RemoteTest.parse(await res.json());
      expect(result.reachable).toBe(false);
      expect(result.reasons).toEqual([ADVICE.upnpOff, ADVICE.turnMissing]);
      const seen = await waitFor(() => events.filter((e) => e.type === 'remote-status'), (list) => list.some((e) => e.status.lastTest?.at === result.at), 10_000, { what: 'a remote-status event with the test' });
      expect(seen.at(-1)!.status.lastTest).toEqual(result);
      expect(RemoteStatus.parse((await (await call('GET', '/api/remote')).json()) as unknown).lastTest).toEqual(result);
    } finally {
      ws.close();
    }
  });
});
