/* global self, caches, fetch, URL */
// The viewer's service worker: keeps the app shell (the page, its hashed scripts and styles, the
// manifest and icons) so the viewer opens without a network and can be installed as an app.
// It answers nothing else: media, signalling, /healthz, other origins and non-GET requests go to
// the network exactly as if it were not installed (WebSockets never pass through it anyway).
// Registered by src/renderer/pwa.ts; tested by tests/integration/viewer-service-worker.test.ts.
const CACHE = 'vigil-shell-v1';
/** Fetched at install, so the first offline start works even before anything else was loaded. */
const PRECACHE = ['./', './manifest.webmanifest', './icons/icon-192.png', './icons/icon-512.png'];
/** Hashed assets kept; older ones are dropped first (each build brings new names). */
const MAX_ASSETS = 64;

const scope = new URL(self.registration.scope);

/** What kind of shell request this is, or undefined to leave it alone. */
function shellKind(request) {
  if (request.method !== 'GET' || request.headers.has('range')) return undefined;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return undefined;
  if (request.mode === 'navigate') return 'page';
  const path = url.pathname.slice(scope.pathname.length);
  if (/^assets\/[\w.-]+\.(js|css|woff2|svg|png)$/.test(path)) return 'asset';
  if (path === 'manifest.webmanifest' || /^icons\/[\w.-]+\.png$/.test(path)) return 'static';
  return undefined;
}

/** Keeps a copy of a good same-origin response. */
async function keep(key, response) {
  if (!response.ok || response.type !== 'basic') return;
  const cache = await caches.open(CACHE);
  await cache.put(key, response.clone());
}

async function trimAssets() {
  const cache = await caches.open(CACHE);
  const assets = (await cache.keys()).filter((r) => new URL(r.url).pathname.startsWith(`${scope.pathname}assets/`));
  for (const old of assets.slice(0, Math.max(0, assets.length - MAX_ASSETS))) await cache.delete(old);
}

/** The page: the network first (a new build shows at once), the kept shell when offline. */
async function page(request) {
  try {
    const response = await fetch(request);
    await keep(scope.href, response);
    return response;
  } catch (error) {
    const kept = await caches.match(scope.href);
    if (kept) return kept;
    throw error;
  }
}

/** Hashed assets never change under one name: the cache first. */
async function asset(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  await keep(request, response);
  await trimAssets();
  return response;
}

/** Manifest and icons: the kept copy at once, refreshed in the background. */
async function refreshed(request, event) {
  const kept = await caches.match(request);
  const fresh = fetch(request).then(async (response) => (await keep(request, response), response));
  if (kept) {
    event.waitUntil(fresh.catch(() => undefined));
    return kept;
  }
  return fresh;
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  const old = caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('vigil-shell-') && k !== CACHE).map((k) => caches.delete(k))));
  event.waitUntil(old.then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const kind = shellKind(event.request);
  if (kind === 'page') event.respondWith(page(event.request));
  else if (kind === 'asset') event.respondWith(asset(event.request));
  else if (kind === 'static') event.respondWith(refreshed(event.request, event));
});
