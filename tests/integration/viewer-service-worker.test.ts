// Runs public/sw.js against stand-ins for the worker globals: which requests it answers, and that
// the page still opens when the network is gone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SOURCE = readFileSync(new URL('../../apps/viewer/public/sw.js', import.meta.url), 'utf8');
const SCOPE = 'https://relay.example.org/';

type FakeRequest = { url: string; method: string; mode: string; headers: Headers };
const request = (path: string, init: Partial<Omit<FakeRequest, 'headers'>> & { headers?: Record<string, string> } = {}): FakeRequest => ({
  url: new URL(path, SCOPE).href,
  method: init.method ?? 'GET',
  mode: init.mode ?? 'cors',
  headers: new Headers(init.headers),
});

/** Loads the worker with a fake cache and a switchable network. */
function load() {
  const listeners: Record<string, (event: unknown) => void> = {};
  const store = new Map<string, Response>();
  const keyOf = (r: string | FakeRequest) => (typeof r === 'string' ? r : r.url);
  const cache = {
    put: async (r: string | FakeRequest, response: Response) => void store.set(keyOf(r), response),
    match: async (r: string | FakeRequest) => store.get(keyOf(r))?.clone(),
    keys: async () => [...store.keys()].map((url) => ({ url })),
    delete: async (r: { url: string }) => store.delete(r.url),
    addAll: async (urls: string[]) => urls.forEach((u) => store.set(new URL(u, SCOPE).href, new Response('precached'))),
  };
  const caches = { open: async () => cache, match: cache.match, keys: async () => ['vigil-shell-v1'], delete: async () => true };
  const net = { online: true, fetched: [] as string[] };
  const fetch = async (r: FakeRequest) => {
    net.fetched.push(r.url);
    if (!net.online) throw new TypeError('Failed to fetch');
    return Object.defineProperty(new Response(`network ${r.url}`), 'type', { value: 'basic' });
  };
  const self = { registration: { scope: SCOPE }, addEventListener: (type: string, fn: (event: unknown) => void) => (listeners[type] = fn) };
  new Function('self', 'caches', 'fetch', SOURCE)(self, caches, fetch);
  /** Dispatches a fetch event; undefined when the worker left the request to the network. */
  const dispatch = async (req: FakeRequest): Promise<string | undefined> => {
    let answer: Promise<Response> | undefined;
    listeners.fetch!({ request: req, respondWith: (p: Promise<Response>) => (answer = p), waitUntil: () => undefined });
    return answer && (await answer).text();
  };
  return { dispatch, net, store };
}

describe('the viewer service worker', () => {
  it('leaves media, signalling, health checks, other origins and writes to the network', async () => {
    const { dispatch } = load();
    for (const req of [
      request('/', { method: 'POST' }),
      request('https://cdn.example.com/assets/x.js'),
      request('/assets/clip.mp4'),
      request('/recording.mp4', { headers: { range: 'bytes=0-' } }),
      request('/assets/app.js', { headers: { range: 'bytes=0-' } }),
      request('/healthz'),
      request('/metrics'),
      request('/api/anything'),
    ]) {
      expect(await dispatch(req), req.url).toBeUndefined();
    }
  });

  it('serves the page from the network, and the kept shell once offline', async () => {
    const { dispatch, net } = load();
    expect(await dispatch(request('/', { mode: 'navigate' }))).toBe(`network ${SCOPE}`);
    net.online = false;
    expect(await dispatch(request('/streamers', { mode: 'navigate' }))).toBe(`network ${SCOPE}`);
  });

  it('keeps hashed assets after the first load', async () => {
    const { dispatch, net } = load();
    expect(await dispatch(request('/assets/index-abc123.js'))).toBe(`network ${SCOPE}assets/index-abc123.js`);
    net.online = false;
    expect(await dispatch(request('/assets/index-abc123.js'))).toBe(`network ${SCOPE}assets/index-abc123.js`);
    expect(net.fetched.filter((u) => u.endsWith('index-abc123.js'))).toHaveLength(1);
  });
});
