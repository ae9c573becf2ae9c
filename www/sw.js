// Sunaba's service worker: after one visit the whole site — playground, lessons, examples, share
// links — works with the network gone.
//
// install:  caches every file of the precache list (written below by `cargo xtask dist`, see
//           crates/xtask/src/precache.rs) in a cache named after the list's hash; a file whose
//           revision is unchanged is copied from the previous version's cache, not downloaded.
// activate: deletes our other caches.
// fetch:    a same-origin GET of a precached file is answered from the cache (a page ignoring
//           its query; the #fragment of a share link never reaches here); anything else goes
//           to the network, falling back to the cache.
//
// Updates: no skipWaiting() (but for the unbuilt copy, below) and no clients.claim(). A new
// version installs in the background and waits until every tab of the old one is closed, so a
// learner is never switched to new code or new lesson text in the middle of a lesson; the next
// visit runs the new version.
'use strict';

self.__PRECACHE = { version: 'unbuilt', entries: [] };

const LIST = self.__PRECACHE;
const PREFIX = 'sunaba-precache-';
const CACHE = PREFIX + LIST.version;
// Stored in each cache: url → revision, so the next version knows what it can copy.
const MANIFEST = '__sunaba-precache-manifest.json';
const SCOPE = self.registration.scope;
const absolute = (url) => new URL(url, SCOPE).href;
const PRECACHED = new Set(LIST.entries.map((e) => absolute(e.url)));
// Downloads at once while installing (a browser opens about six connections per host anyway).
const PARALLEL = 6;

self.addEventListener('install', (event) => {
  // Unbuilt (`cargo xtask serve --watch` serves www/sw.js as it is, on the same origin as a
  // built site): take over at once, so a built version's cache never hides the files being
  // edited. It precaches nothing and answers everything from the network.
  if (LIST.version === 'unbuilt') self.skipWaiting();
  event.waitUntil(install().catch(async (err) => {
    // All or nothing: a half-filled cache is never used; the browser tries again next visit.
    await caches.delete(CACHE);
    throw err;
  }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)))));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  url.hash = '';
  if (request.mode === 'navigate') {
    // `?lang=ja` and other queries choose what the page shows, not which page it is.
    url.search = '';
    if (url.pathname.endsWith('/')) url.pathname += 'index.html';
    if (!PRECACHED.has(url.href) && PRECACHED.has(`${url.href}/index.html`)) {
      // `lessons/x` → `lessons/x/`, as the server does, so that relative URLs resolve.
      const to = new URL(request.url);
      to.pathname += '/';
      event.respondWith(Response.redirect(to.href, 301));
      return;
    }
  }
  if (PRECACHED.has(url.href)) {
    event.respondWith(fromCache(url.href, request));
  } else {
    event.respondWith(networkThenCache(request));
  }
});

async function fromCache(key, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key, { ignoreVary: true });
  // Evicted by the browser: the network still has it.
  return hit || fetch(request);
}

async function networkThenCache(request) {
  try {
    return await fetch(request);
  } catch (err) {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    if (hit) return hit;
    throw err;
  }
}

async function install() {
  const cache = await caches.open(CACHE);
  const previous = await previousCaches();
  const revisions = {};
  const queue = [...LIST.entries];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const key = absolute(entry.url);
      const response = (await reusable(previous, entry, key)) || (await download(entry, key));
      await cache.put(key, response);
      revisions[entry.url] = entry.revision;
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  await cache.put(absolute(MANIFEST), new Response(JSON.stringify(revisions),
    { headers: { 'Content-Type': 'application/json' } }));
}

/** Our caches of earlier versions, each with the revisions it holds. */
async function previousCaches() {
  const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE);
  const out = [];
  for (const name of names) {
    const cache = await caches.open(name);
    const manifest = await cache.match(absolute(MANIFEST));
    if (!manifest) continue;
    try {
      out.push({ cache, revisions: await manifest.json() });
    } catch {
      // A damaged manifest: that cache is simply not reused.
    }
  }
  return out;
}

async function reusable(previous, entry, key) {
  for (const { cache, revisions } of previous) {
    if (revisions[entry.url] !== entry.revision) continue;
    const hit = await cache.match(key, { ignoreVary: true });
    if (hit) return hit;
  }
  return null;
}

async function download(entry, key) {
  // A hashed file may come from the HTTP cache (the page has just loaded it); anything else is
  // revalidated, so the cache never holds an older copy than the list's revision.
  const response = await fetch(key, { cache: entry.immutable ? 'default' : 'no-cache' });
  if (!response.ok) throw new Error(`precache: ${entry.url}: HTTP ${response.status}`);
  if (!response.redirected) return response;
  // A host that redirected (index.html → ./): a redirected response may not answer a navigation.
  return new Response(await response.blob(),
    { status: response.status, statusText: response.statusText, headers: response.headers });
}
