// Flowline's service worker: the app starts without a connection, and the feed's videos play
// offline (seeking included). The server serves this file at /sw.js with BUILD replaced by a
// fingerprint of the site's files, so a new build installs a new worker. See docs/offline.md.
'use strict';

const BUILD = '__FLOWLINE_BUILD__';
const SHELL = `flowline-shell-${BUILD}`;
const PAGES = 'flowline-pages';
const MEDIA = 'flowline-media';
const META = 'flowline-meta';
const KEEP = new Set([SHELL, PAGES, MEDIA, META]);

// The app shell: everything a page needs besides its HTML.
const SHELL_FILES = [
  '/pkg/flowline.js',
  '/pkg/flowline.wasm',
  '/pkg/flowline.css',
  '/manifest.webmanifest',
  '/favicon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
  // The lazily loaded code of the pages a learner may open offline (Progress, Coach, Me,
  // sign-in), in wasm chunks: kept with the shell so that such a page first opened offline
  // still loads. The server lists them here; any other /pkg/ file is kept once it was used.
  '/pkg/__FLOWLINE_SPLIT_FILES__',
].filter((f) => !f.endsWith('__FLOWLINE_SPLIT_FILES__'));
// Kept media (videos, captions, posters) stay under this many bytes; least recently used go first.
const MEDIA_BUDGET = 400 * 1024 * 1024;
// A page slower than this comes from the cache (and the cache is refreshed when it arrives).
const PAGE_TIMEOUT_MS = 3500;
const LRU_KEY = '/__flowline/media-lru.json';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_FILES.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('flowline-') && !KEEP.has(name))
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (path.startsWith('/api/') || path.startsWith('/rpc/') || path === '/sw.js') return;
  if (path.startsWith('/media/')) {
    if (url.searchParams.has(DEVICE_PARAM)) event.respondWith(media(request, path));
  } else if (request.mode === 'navigate') {
    event.respondWith(page(request, event));
  } else if (SHELL_FILES.includes(path) || path.startsWith('/pkg/')) {
    // Every /pkg/ file is named by its content's hash: a kept copy is never stale.
    event.respondWith(shell(request, path));
  }
});

// Web Push: a nudge or an alert arrives with the app closed. The server encrypts each message
// for this browser; the browser hands it here decrypted: {title, body, url, tag}.
self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (_) {
    message = { body: event.data ? event.data.text() : '' };
  }
  const url = typeof message.url === 'string' && message.url.startsWith('/') ? message.url : '/';
  event.waitUntil(
    self.registration.showNotification(message.title || 'Flowline', {
      body: message.body || '',
      tag: message.tag || undefined,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url },
    }),
  );
});

// Tapping a notification opens what it is about: in a window of Flowline already open, or a
// new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        return open.navigate(target).then((w) => (w || open).focus()).catch(() => self.clients.openWindow(target));
      }
      return self.clients.openWindow(target);
    }),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'prefetch' && Array.isArray(data.urls)) {
    event.waitUntil(keepPages(data.pages || []).then(() => prefetch(data.urls)));
  } else if (data.type === 'send-captures') {
    event.waitUntil(sendCaptures());
  }
});

// Background Sync (where the browser has it): the evidence goes once a signal returns, even
// with the app closed.
self.addEventListener('sync', (event) => {
  if (event.tag === CAPTURE_SYNC) event.waitUntil(sendCaptures());
});

// ---- evidence from the job: photos, a video or a voice note captured on the phone wait in
// IndexedDB (`flowline-captures-<user id>`, written by the evidence page) until they are sent:
// each file as a resumable upload (declared by SHA-256, then sent in chunks from where the
// server says it stands), then the evidence naming them, with the id the phone gave it. Sent
// twice, it is stored once. See docs/offline.md.
const CAPTURE_SYNC = 'flowline-captures';
const CAPTURES = 'captures';
let sending = null;

function sendCaptures() {
  if (!sending) sending = sendAllCaptures().finally(() => { sending = null; });
  return sending;
}

function openCaptures(userId) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(`flowline-captures-${userId}`, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(CAPTURES)) req.result.createObjectStore(CAPTURES);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function inStore(db, mode, work) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(CAPTURES, mode);
    const req = work(tx.objectStore(CAPTURES));
    tx.oncomplete = () => resolve(req && req.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

async function tellPages(message) {
  const windows = await self.clients.matchAll({ type: 'window' });
  windows.forEach((w) => w.postMessage(message));
}

async function sendAllCaptures() {
  // Only the signed-in person's captures are sent, under their own session.
  const me = await fetch('/api/v1/me', { credentials: 'same-origin' }).catch(() => null);
  if (!me || !me.ok) return;
  const { id } = await me.json();
  const db = await openCaptures(id);
  try {
    const keys = await inStore(db, 'readonly', (store) => store.getAllKeys());
    for (const key of keys || []) {
      const capture = await inStore(db, 'readonly', (store) => store.get(key));
      if (!capture || capture.refused) continue;
      const outcome = await sendCapture(db, key, capture);
      await tellPages({ type: 'captures' });
      if (outcome === 'stop') break;
    }
  } finally {
    db.close();
  }
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function answer(res) {
  let body = null;
  try { body = await res.json(); } catch (_) { body = null; }
  return { status: res.status, body };
}

// 'sent', 'refused' (kept with the server's reason for the learner to see) or 'stop' (no
// signal, or signed out: tried again later).
async function sendCapture(db, key, capture) {
  const json = { 'content-type': 'application/json' };
  const refuse = async (body) => {
    const reason = (body && body.error && body.error.message) || 'The server refused this evidence.';
    await inStore(db, 'readwrite', (store) => store.put({ ...capture, refused: reason }, key));
    return 'refused';
  };
  try {
    const uploads = [];
    for (const file of capture.files) {
      if (!file.sha256) file.sha256 = hex(await crypto.subtle.digest('SHA-256', await file.blob.arrayBuffer()));
      let got = await answer(await fetch('/api/v1/uploads', {
        method: 'POST', headers: json,
        body: JSON.stringify({ content_type: file.type, size: file.blob.size, sha256: file.sha256 }),
      }));
      if (got.status >= 400) return got.status === 401 || got.status >= 500 ? 'stop' : refuse(got.body);
      let state = got.body;
      while (!state.complete) {
        if (state.received >= file.blob.size) {
          // Every byte is there but the file was not put together yet: asking finishes it.
          got = await answer(await fetch(`/api/v1/uploads/${state.id}`));
          if (got.status >= 400) return got.status === 401 || got.status >= 500 ? 'stop' : refuse(got.body);
          state = got.body;
          if (!state.complete) return 'stop';
          continue;
        }
        const end = Math.min(state.received + state.chunk_bytes, file.blob.size);
        const res = await fetch(`/api/v1/uploads/${state.id}`, {
          method: 'PATCH',
          headers: { 'upload-offset': String(state.received), 'content-type': 'application/offset+octet-stream' },
          body: file.blob.slice(state.received, end),
        });
        got = await answer(res);
        if (got.status === 409) {
          got = await answer(await fetch(`/api/v1/uploads/${state.id}`));
        }
        if (got.status >= 400) return got.status === 401 || got.status >= 500 ? 'stop' : refuse(got.body);
        state = got.body;
      }
      uploads.push(state.id);
    }
    const got = await answer(await fetch('/api/v1/me/job-evidence', {
      method: 'POST', headers: json,
      body: JSON.stringify({
        client_id: key, caption: capture.caption, ksb_codes: capture.ksb_codes,
        captured_at: capture.captured_at, uploads,
      }),
    }));
    if (got.status === 200 || got.status === 201) {
      await inStore(db, 'readwrite', (store) => store.delete(key));
      return 'sent';
    }
    return got.status === 401 || got.status >= 500 ? 'stop' : refuse(got.body);
  } catch (_) {
    return 'stop'; // no signal: the next `online`, sync or visit tries again
  }
}

// ---- the shell: from the cache of this build, else the network.
async function shell(request, path) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(path);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(path, response.clone());
  return response;
}

// ---- pages: the network first (fresh data), the last copy of the page when it fails or is
// slow; a page never seen offline falls back to the home page's copy.
async function page(request, event) {
  const cache = await caches.open(PAGES);
  const key = new URL(request.url).pathname;
  const network = fetch(request).then(async (response) => {
    const type = response.headers.get('content-type') || '';
    if (response.status === 200 && type.includes('text/html')) {
      await cache.put(key, response.clone());
    }
    return response;
  });
  event.waitUntil(network.catch(() => undefined));
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), PAGE_TIMEOUT_MS));
  try {
    const first = await Promise.race([network, timeout]);
    if (first) return first;
  } catch (_) {
    // offline: fall through to the cache
  }
  const copy = (await cache.match(key)) || (await cache.match('/'));
  if (copy) return copy;
  try {
    return await network;
  } catch (_) {
    return new Response(OFFLINE_PAGE, {
      status: 503,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    });
  }
}

const OFFLINE_PAGE = `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · Flowline</title>
<link rel="stylesheet" href="/pkg/flowline.css"></head><body><main class="page"><div class="empty-state">
<h1>You're offline</h1><p>Open Flowline once with a connection and your lessons will be kept on this phone for next time.</p>
<p><a class="btn btn-primary" href="/">Try again</a></p></div></main></body></html>`;

// ---- media. Chromium's media loader requires every byte range of one URL to come from one
// origin, and a response this worker makes itself (a range cut from a kept copy) has no URL,
// hence no origin: mixing it with network ranges of the same URL kills the stream
// ("FFmpegDemuxer: data source error"). That happened when this worker took control of a page
// mid-stream, when it restarted and forgot its choices, and when a new feed reused a URL. So the
// choice lives in the URL, not in the worker: a plain /media/ URL is never answered here (the
// network, exactly as without a worker), and a kept copy has a URL of its own, /media/…?device,
// answered only from the kept copy (or, when it is gone, from the network for the whole stream).
// The page picks the URL (app/src/components/feed/playback.rs).
const DEVICE_PARAM = 'device';

async function media(request, path) {
  const cache = await caches.open(MEDIA);
  const hit = await cache.match(path);
  if (!hit) return fetch(path, { credentials: 'same-origin', headers: rangeOnly(request) });
  touch(path);
  const range = request.headers.get('range');
  return range ? partial(hit, range) : hit;
}

function rangeOnly(request) {
  const range = request.headers.get('range');
  return range ? { Range: range } : {};
}

// The Cache API holds only whole (200) responses: a range is cut from the kept body.
async function partial(whole, header) {
  const blob = await whole.blob();
  const size = blob.size;
  const type = whole.headers.get('content-type') || 'application/octet-stream';
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) {
    return new Response(blob, {
      status: 200,
      headers: { 'Content-Type': type, 'Content-Length': String(size), 'Accept-Ranges': 'bytes' },
    });
  }
  let start;
  let end;
  if (m[1] === '') {
    start = Math.max(size - Number(m[2]), 0);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) {
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
  }
  const body = blob.slice(start, end + 1, type);
  return new Response(body, {
    status: 206,
    statusText: 'Partial Content',
    headers: {
      'Content-Type': type,
      'Content-Length': String(body.size),
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Accept-Ranges': 'bytes',
    },
  });
}

// ---- the learner's pages: the first visit came before this worker, so fetch them now.
async function keepPages(paths) {
  const cache = await caches.open(PAGES);
  for (const path of paths) {
    if (typeof path !== 'string' || !path.startsWith('/')) continue;
    try {
      const response = await fetch(path, { credentials: 'same-origin', redirect: 'manual' });
      const type = response.headers.get('content-type') || '';
      if (response.status === 200 && type.includes('text/html')) await cache.put(path, response);
    } catch (_) {
      // no connection: the next online visit keeps them
    }
  }
}

// ---- the feed's media, fetched whole while there is a connection.
async function prefetch(urls) {
  const paths = [
    ...new Set(
      urls
        .map((u) => new URL(u, self.location.origin))
        .filter((u) => u.origin === self.location.origin && u.pathname.startsWith('/media/'))
        .map((u) => u.pathname),
    ),
  ];
  const cache = await caches.open(MEDIA);
  const lru = await readLru();
  let ready = 0;
  await report(ready, paths.length);
  for (const path of paths) {
    if (await cache.match(path)) {
      lru[path] = { size: (lru[path] && lru[path].size) || 0, used: Date.now() };
      ready += 1;
      continue;
    }
    try {
      const response = await fetch(path, { credentials: 'same-origin' });
      if (response.status === 200) {
        const body = await response.clone().blob();
        await cache.put(path, response);
        lru[path] = { size: body.size, used: Date.now() };
        ready += 1;
      }
    } catch (_) {
      // offline or the server is away: the next feed load asks again
    }
    await report(ready, paths.length);
  }
  await evict(cache, lru, new Set(paths));
  await writeLru(lru);
  await report(ready, paths.length);
}

async function report(ready, wanted) {
  const clients = await self.clients.matchAll({ type: 'window' });
  for (const client of clients) client.postMessage({ type: 'media', ready, wanted });
}

// Least recently used first, never the current feed's own files.
async function evict(cache, lru, keep) {
  let total = Object.values(lru).reduce((sum, e) => sum + (e.size || 0), 0);
  const oldest = Object.entries(lru)
    .filter(([path]) => !keep.has(path))
    .sort((a, b) => a[1].used - b[1].used);
  for (const [path, entry] of oldest) {
    if (total <= MEDIA_BUDGET) break;
    await cache.delete(path);
    delete lru[path];
    total -= entry.size || 0;
  }
}

async function readLru() {
  const meta = await caches.open(META);
  const hit = await meta.match(LRU_KEY);
  if (!hit) return {};
  try {
    return await hit.json();
  } catch (_) {
    return {};
  }
}

async function writeLru(lru) {
  const meta = await caches.open(META);
  await meta.put(LRU_KEY, new Response(JSON.stringify(lru), { headers: { 'Content-Type': 'application/json' } }));
}

let touched = new Set();
let flush = null;
// Playing a kept file marks it used (written in the background, a few seconds later).
function touch(path) {
  touched.add(path);
  if (flush) return;
  flush = setTimeout(async () => {
    const paths = touched;
    touched = new Set();
    flush = null;
    const lru = await readLru();
    for (const p of paths) if (lru[p]) lru[p].used = Date.now();
    await writeLru(lru);
  }, 5000);
}
