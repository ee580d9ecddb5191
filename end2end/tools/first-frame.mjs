// Time to a new learner's first video frame on a weak connection, in Debian's Chromium at phone
// size: a fresh browser profile (nothing cached, no service worker) opens the feed through a
// throttled network (Chromium's own emulation: bandwidth both ways and a round-trip latency),
// and the clock stops at the first frame the video element presents
// (`requestVideoFrameCallback`). Also reports when the page became interactive (hydrated) and
// what went over the wire. Usage (a demo-mode release server running, lessons rendered):
//   node end2end/tools/first-frame.mjs [baseURL] [runs]
// Prints a JSON line per network profile with the median and every run.
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const runs = Number(process.argv[3] ?? 5);

// Chromium DevTools' presets, by their published figures.
const profiles = [
  { name: 'unthrottled', down: 0, up: 0, latency: 0 },
  { name: 'Slow 4G (1.6 Mbps, 150 ms)', down: 1.6e6, up: 750e3, latency: 150 },
  { name: 'one bar (400 kbps, 400 ms)', down: 400e3, up: 400e3, latency: 400 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required'],
});

/** A new apprentice (demo mode: in the demo cohort), signed in; returns the session cookies. */
async function newLearner() {
  const context = await browser.newContext({ baseURL: base });
  const email = `first-frame-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const password = 'a long first-frame password';
  const reg = await context.request.post('/api/v1/auth/register', {
    data: { email, password, display_name: 'Weak Signal', timezone: 'Europe/London' },
  });
  if (!reg.ok()) throw new Error(`register: ${reg.status()} ${await reg.text()}`);
  const login = await context.request.post('/api/v1/auth/login', { data: { email, password } });
  if (!login.ok()) throw new Error(`login: ${login.status()}`);
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

async function once(profile) {
  const cookies = await newLearner();
  const context = await browser.newContext({
    baseURL: base, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window;
    w.__firstFrame = new Promise((resolve) => {
      const watch = (v) => {
        if (v.__watched) return;
        v.__watched = true;
        v.requestVideoFrameCallback(() => resolve(performance.now()));
      };
      new MutationObserver(() => document.querySelectorAll('video').forEach(watch))
        .observe(document, { childList: true, subtree: true });
    });
    // When the app took over the page (the body gets `data-hydrated`).
    new MutationObserver(() => {
      if (!w.__hydratedAt && document.body?.hasAttribute('data-hydrated')) w.__hydratedAt = performance.now();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (profile.down) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: profile.latency,
      downloadThroughput: profile.down / 8, uploadThroughput: profile.up / 8,
    });
  }
  const bytes = { wasm: 0, js: 0, css: 0, html: 0, video: 0 };
  page.on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (!sizes) return;
    const path = new URL(request.url()).pathname;
    const kind = path.endsWith('.wasm') ? 'wasm' : path.endsWith('.js') ? 'js' : path.endsWith('.css') ? 'css'
      : path.includes('/media/') ? 'video' : request.resourceType() === 'document' ? 'html' : null;
    if (kind) bytes[kind] += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  await page.goto('/', { waitUntil: 'commit', timeout: 120_000 });
  const frame = await page.evaluate(() => window.__firstFrame);
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached', timeout: 120_000 });
  const hydratedAt = await page.evaluate(() => window.__hydratedAt);
  await context.close();
  return { first_frame_ms: Math.round(frame), hydrated_ms: Math.round(hydratedAt), bytes };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

for (const profile of profiles) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await once(profile));
  console.log(JSON.stringify({
    profile: profile.name,
    first_frame_ms_median: median(all.map((r) => r.first_frame_ms)),
    hydrated_ms_median: median(all.map((r) => r.hydrated_ms)),
    runs: all,
  }));
}
await browser.close();
