/**
 * Tally's service worker: keeps the app shell so a handheld that reloads with the Wi-Fi down still
 * opens the app (the page then waits for the API as it does on a slow network).
 *
 * - Pages (navigations outside /api and /docs): network first; every SPA route is answered by the
 *   same index.html, kept under `/index.html` and served from the cache only when the network fails.
 * - Hashed build files (/assets/*): cache first — a name changes whenever its content does. Only what
 *   this browser actually loaded is kept (the page lists what it loaded before the worker took over);
 *   nothing is fetched ahead. Files the server marks `Cache-Control: private` (the chunks served only
 *   to staff sessions, src/http/staff-assets.ts) are asked for on the network every time, so the
 *   server's gate still decides, and kept only for when the network fails; a 404 for one drops it.
 * - The manifest and icons: network first, cache fallback.
 * - Never: /api/* (data, sessions, writes), /docs, /sw.js, other origins, anything but GET.
 * A new build (another index.html) drops the files the old one loaded.
 */
const VERSION = 'v1';
const SHELL = `tally-shell-${VERSION}`;
const ASSETS = `tally-assets-${VERSION}`;
const PRIVATE = `tally-private-${VERSION}`;
const INDEX = '/index.html';
const STATIC_FILES = ['/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-192.png', '/icons/maskable-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL);
    await remember(await fetch(INDEX, { cache: 'no-cache' }));
    await Promise.all(STATIC_FILES.map((f) => shell.add(new Request(f, { cache: 'no-cache' })).catch(() => undefined)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const mine = [SHELL, ASSETS, PRIVATE];
    for (const name of await caches.keys()) if (name.startsWith('tally-') && !mine.includes(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

/** The page tells what it loaded before this worker controlled it: keep those files too. */
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'tally:loaded' || !Array.isArray(data.urls)) return;
  event.waitUntil(Promise.all(data.urls.map(async (u) => {
    const url = new URL(u, self.location.origin);
    if (url.origin !== self.location.origin || !url.pathname.startsWith('/assets/')) return;
    if (await cached(url.pathname)) return;
    try { await keepAsset(url.pathname, await fetch(url.pathname)); } catch { /* offline again: next time */ }
  })));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (path.startsWith('/api/') || path === '/docs' || path.startsWith('/docs/') || path === '/sw.js') return;
  if (req.mode === 'navigate') event.respondWith(page(req));
  else if (path.startsWith('/assets/')) event.respondWith(asset(req, path));
  else if (STATIC_FILES.includes(path)) event.respondWith(staticFile(req, path));
});

async function page(req) {
  try {
    const res = await fetch(req);
    if (res.ok && (res.headers.get('content-type') ?? '').startsWith('text/html')) await remember(res.clone());
    return res;
  } catch (e) {
    const shell = await caches.open(SHELL);
    const copy = await shell.match(INDEX);
    if (copy) return copy;
    throw e;
  }
}

async function asset(req, path) {
  const hit = await (await caches.open(ASSETS)).match(path, { ignoreSearch: true, ignoreVary: true });
  if (hit) return hit;
  let res;
  try {
    res = await fetch(req);
  } catch (e) {
    const copy = await (await caches.open(PRIVATE)).match(path, { ignoreSearch: true, ignoreVary: true });
    if (copy) return copy;
    throw e;
  }
  await keepAsset(path, res.clone());
  return res;
}

async function staticFile(req, path) {
  const shell = await caches.open(SHELL);
  try {
    const res = await fetch(req);
    if (res.ok) await shell.put(path, res.clone());
    return res;
  } catch (e) {
    const copy = await shell.match(path, { ignoreVary: true });
    if (copy) return copy;
    throw e;
  }
}

const isPrivate = (res) => /\bprivate\b/i.test(res.headers.get('cache-control') ?? '');

async function cached(path) {
  return Boolean(await (await caches.open(ASSETS)).match(path, { ignoreVary: true }) ?? await (await caches.open(PRIVATE)).match(path, { ignoreVary: true }));
}

/** Keeps a hashed file's answer: public ones in ASSETS, private ones in PRIVATE; a 404 drops a private copy. */
async function keepAsset(path, res) {
  if (res.status === 404) { await (await caches.open(PRIVATE)).delete(path); return; }
  // a build file that is not there is answered with index.html (the SPA fallback): never keep that
  if (!res.ok || res.type !== 'basic' || (res.headers.get('content-type') ?? '').startsWith('text/html')) return;
  await (await caches.open(isPrivate(res) ? PRIVATE : ASSETS)).put(path, res);
}

/** Keeps index.html; when it differs from the kept one (a new build), the old build's files go. */
async function remember(res) {
  if (!res.ok) return;
  const shell = await caches.open(SHELL);
  const html = await res.clone().text();
  const before = await shell.match(INDEX);
  await shell.put(INDEX, res);
  if (!before || (await before.text()) === html) return;
  const wanted = new Set([...html.matchAll(/\/assets\/[\w.-]+/g)].map((m) => m[0]));
  for (const name of [ASSETS, PRIVATE]) {
    const cache = await caches.open(name);
    for (const key of await cache.keys()) if (!wanted.has(new URL(key.url).pathname)) await cache.delete(key);
  }
}
