/*
 * Preflight's service worker (offline PWA). The build fills PRECACHE with every emitted file (app code, workers,
 * wasm, models, samples) and VERSION with a hash of that list. Cache-first for same-origin GETs; navigations fall
 * back to the cached index.html. `ignoreVary` is needed because `vite preview` answers with `Vary: Origin`.
 * Nothing is ever fetched from another origin.
 *
 * Updates never break an open tab: each build has its own cache (`preflight-<VERSION>`); a new worker waits (the
 * page offers "New version available — Reload", src/ui/components/update-prompt.ts, which posts SKIP_WAITING), and
 * after it takes over, an older build's cache is kept while any tab that was open before stays open, and is used
 * for what the current cache lacks (an old tab's lazily loaded chunks). Old caches are deleted once every open tab
 * was loaded by this build.
 *
 * Every response it serves carries Cross-Origin-Opener-Policy / Cross-Origin-Embedder-Policy / Cross-Origin-
 * Resource-Policy, so the app is cross-origin isolated (SharedArrayBuffer, WebAssembly threads) on any static host,
 * even one that sends none of these headers, from the first reload after the worker took control.
 */
/* global self, caches, PRECACHE, VERSION */
const PREFIX = 'preflight-';
const CACHE = `${PREFIX}${VERSION}`;
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
/** Window clients that this build served a page to (navigations answered by this worker). */
const ownClients = new Set();

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((p) => new Request(p, { cache: 'reload' })))));
  // No skipWaiting: an update waits until the user reloads (or every old tab is closed).
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
});

/** Deletes older builds' caches when no open window was loaded by an older build. */
async function dropOldCaches() {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  if (windows.some((c) => !ownClients.has(c.id))) return false;
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)));
  return true;
}

self.addEventListener('activate', (event) => {
  event.waitUntil(dropOldCaches().then(() => self.clients.claim()));
});

/** The response with the isolation headers added (bodies are streamed through, not copied). */
function isolated(res) {
  if (!res || res.type === 'opaque' || res.type === 'opaqueredirect' || res.status === 0) return res;
  const headers = new Headers(res.headers);
  for (const [k, v] of Object.entries(ISOLATION)) headers.set(k, v);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

async function lookup(req) {
  const opts = { ignoreSearch: true, ignoreVary: true };
  const own = await (await caches.open(CACHE)).match(req, opts);
  if (own) return own;
  // An older build's file (a tab opened before the update loads a chunk it had not needed yet).
  for (const key of (await caches.keys()).filter((k) => k.startsWith(PREFIX) && k !== CACHE).reverse()) {
    const hit = await (await caches.open(key)).match(req, opts);
    if (hit) return hit;
  }
  return undefined;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate' && event.resultingClientId) {
    ownClients.add(event.resultingClientId);
    event.waitUntil(dropOldCaches());
  }
  event.respondWith(
    (async () => {
      const hit = await lookup(req);
      if (hit) return isolated(hit);
      try {
        return isolated(await fetch(req));
      } catch (err) {
        if (req.mode === 'navigate') {
          const index = await (await caches.open(CACHE)).match('./index.html', { ignoreSearch: true, ignoreVary: true });
          if (index) return isolated(index);
        }
        throw err;
      }
    })(),
  );
});
