/*
 * Preflight's service worker (offline PWA). The build fills PRECACHE with every emitted file (app code, workers,
 * wasm, models, samples) and VERSION with a hash of that list. Cache-first for same-origin GETs; navigations fall
 * back to the cached index.html. Cached responses keep the server's COOP/COEP headers, so the page stays
 * cross-origin isolated offline. `ignoreVary` is needed because `vite preview` answers with `Vary: Origin`.
 * Nothing is ever fetched from another origin.
 */
/* global self, caches, PRECACHE, VERSION */
const CACHE = `preflight-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((p) => new Request(p, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('preflight-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(req, { ignoreSearch: true, ignoreVary: true });
      if (hit) return hit;
      try {
        return await fetch(req);
      } catch (err) {
        if (req.mode === 'navigate') {
          const index = await cache.match('./index.html', { ignoreSearch: true, ignoreVary: true });
          if (index) return index;
        }
        throw err;
      }
    })(),
  );
});
