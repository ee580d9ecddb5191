import { test, expect, chromium, type Page, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrated, startLearning, waitForLessons, register } from './helpers';

type Question = { prompt: string; options: string[]; answer: number; explanation: string; ksb: string };
type Item = { content_id: string; title: string; questions: Question[] };


const syncStatus = (page: Page) => page.locator('.sync[role="status"]').first();

/**
 * Opens the feed online and waits until its lessons are kept on the phone; gives the lessons on
 * screen. They are read before the wait: a lesson that plays to its end while the phone saves the
 * others is watched, and the server's feed then ranks differently from the one on screen.
 */
async function openFeedAndKeepIt(page: Page): Promise<Item[]> {
  // While the server still renders the demo's videos, a lesson published between the page and
  // the API call changes the feed: open it again until the page and one API answer agree, and
  // take the lessons from that answer.
  let items: Item[] | null = null;
  for (let attempt = 0; attempt < 10 && !items; attempt++) {
    if (attempt > 0) await page.waitForTimeout(3_000);
    await page.goto('/');
    await hydrated(page);
    items = await sameFeed(page);
  }
  if (!items) items = await feedOnScreen(page);
  await startLearning(page);
  await expect(syncStatus(page)).toHaveText(/lessons saved for offline/, { timeout: 90_000 });
  return items;
}

/** Answers the quick check of lesson `index` on screen (right or wrong per question). */
async function answerCheck(page: Page, index: number, item: Item, right: (n: number) => boolean) {
  const video = page.locator('.slide-video').nth(index);
  await video.scrollIntoViewIfNeeded();
  await video.getByRole('button', { name: 'Quick check' }).click();
  const check = page.locator('.slide-check').nth(index);
  await expect(check).toBeInViewport();
  for (const [n, q] of item.questions.entries()) {
    await expect(check.getByRole('heading', { name: q.prompt })).toBeVisible();
    const choice = right(n) ? q.answer : (q.answer + 1) % q.options.length;
    await check.locator(`[data-option="${choice + 1}"]`).click();
    await expect(check.getByText(right(n) ? 'Right!' : /Not quite/)).toBeVisible();
    if (n < item.questions.length - 1) {
      await check.getByRole('button', { name: 'Next question' }).click();
    }
  }
  await expect(check.getByText(/\d+ of \d+ right/)).toBeVisible();
}

/** The feed the page shows, in screen order (the learner's own feed, from the API). */
async function feedOnScreen(page: Page): Promise<Item[]> {
  const feed = await (await page.request.get('/api/v1/feed')).json();
  const ids = await page.locator('.slide-video').evaluateAll((els) => els.map((e) => e.getAttribute('data-content-id')));
  return ids.map((id) => {
    const item = feed.items.find((i: Item) => i.content_id === id);
    expect(item, `lesson ${id} on screen is in the learner's feed`).toBeTruthy();
    return item;
  });
}

/** The lessons on screen from one answer of the API, or null when that answer differs. */
async function sameFeed(page: Page): Promise<Item[] | null> {
  const feed = await (await page.request.get('/api/v1/feed')).json();
  const ids = await page.locator('.slide-video').evaluateAll((els) => els.map((e) => e.getAttribute('data-content-id')));
  const items = ids.map((id) => feed.items.find((i: Item) => i.content_id === id));
  return items.every(Boolean) ? items : null;
}

async function answeredOnServer(page: Page) {
  const log = await (await page.request.get('/api/v1/interactions')).json();
  return (log as { id: string; content_id: string; kind: string }[]).filter((i) => i.kind === 'answered');
}

test('Chromium would offer to install Flowline', async ({ baseURL, launchOptions }) => {
  // Chromium never offers installation in incognito, which is what test contexts are: this one
  // runs in a real (throwaway) profile.
  const profile = mkdtempSync(join(tmpdir(), 'flowline-profile-'));
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/login');
    await hydrated(page);
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
    const manifest = await page.request.get('/manifest.webmanifest');
    expect(manifest.headers()['content-type']).toContain('manifest+json');
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('the app installs, plays and keeps answers offline, and the server gets exactly those answers once', async ({ page, context }) => {
  test.setTimeout(600_000);
  await register(page, 'offline', 'Van Learner');
  await waitForLessons(page, 5);
  const items = await openFeedAndKeepIt(page);
  expect(items.length).toBeGreaterThanOrEqual(5);

  // In the van: no signal. Five quick checks, some answers wrong.
  await context.setOffline(true);
  await expect(syncStatus(page)).toHaveText('Offline: answers are kept on this phone');
  for (let i = 0; i < 5; i++) {
    await answerCheck(page, i, items[i], (n) => (i + n) % 3 !== 2);
    await expect(syncStatus(page)).toHaveText(`Offline · ${i + 1} answer${i ? 's' : ''} waiting to sync`);
  }
  await expect(page.getByRole('status', { name: /Streak: 1 day/ })).toBeVisible();

  // The page is reloaded with no connection: the app starts from the phone, the five still wait.
  await page.reload();
  await hydrated(page);
  await expect(syncStatus(page)).toHaveText('Offline · 5 answers waiting to sync');
  await expect(page.getByRole('status', { name: /Streak: 1 day/ })).toBeVisible();
  // Which ones: the five lessons, each answered.
  await page.getByRole('button', { name: 'Which?' }).click();
  const waiting = page.locator('.sync-pending li');
  await expect(waiting).toHaveCount(5);
  for (const item of items.slice(0, 5)) {
    await expect(waiting.filter({ hasText: `${item.title} · answered` })).toHaveCount(1);
  }
  await page.getByRole('button', { name: 'Hide' }).click();

  // A kept video plays offline, and seeking works (ranges come from the kept copy).
  const video = page.locator('.slide-video').first().locator('video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.3);
  const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
  const target = Math.floor(duration * 0.6);
  await video.evaluate((v: HTMLVideoElement, t: number) => { v.currentTime = t; }, target);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(target + 0.2);
  expect(await video.evaluate((v: HTMLVideoElement) => v.error)).toBeNull();

  // What the learner sees on Progress, offline.
  await page.getByRole('link', { name: 'Progress', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Progress', level: 1 })).toBeVisible();
  await expect(syncStatus(page)).toHaveText('Offline · 5 answers waiting to sync');
  const seenOffline = await page.locator('li.ksb').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-code'), r.querySelector('.ksb-pct')?.textContent])),
  );
  const overallOffline = await page.locator('.summary-ring').getAttribute('aria-label');
  expect(Object.values(seenOffline).some((pct) => pct !== '0%')).toBeTruthy();

  // Back in signal: the outbox empties and the server has exactly those five, once each.
  await context.setOffline(false);
  await expect(syncStatus(page)).toHaveText(/All synced/, { timeout: 60_000 });
  const answered = await answeredOnServer(page);
  expect(answered).toHaveLength(5);
  expect(new Set(answered.map((a) => a.id)).size).toBe(5);
  expect(answered.map((a) => a.content_id).sort()).toEqual(items.slice(0, 5).map((i) => i.content_id).sort());

  // The server's progress is what the learner saw offline.
  const server = await (await page.request.get('/api/v1/progress')).json();
  const onServer = Object.fromEntries(server.ksbs.map((k: { code: string; mastery: number }) => [k.code, `${Math.round(k.mastery)}%`]));
  expect(onServer).toEqual(seenOffline);
  expect(overallOffline).toBe(`Overall mastery ${Math.round(server.overall)} %`);
  expect(server.streak.current).toBe(1);
  await page.reload();
  await hydrated(page);
  await expect(page.locator('.summary-ring')).toHaveAttribute('aria-label', overallOffline!);
});

test('closing the page in the middle of a sync, then two tabs at once: nothing lost, nothing doubled', async ({ browser }) => {
  test.setTimeout(300_000);
  const context: BrowserContext = await browser.newContext();
  const page = await context.newPage();
  await register(page, 'offline', 'Van Learner');
  await waitForLessons(page, 2);
  const items = await openFeedAndKeepIt(page);

  await context.setOffline(true);
  await answerCheck(page, 0, items[0], () => true);
  await answerCheck(page, 1, items[1], (n) => n !== 0);
  await expect(syncStatus(page)).toHaveText('Offline · 2 answers waiting to sync');

  // The batch reaches the server, which records it — but the page is closed before the
  // answer comes back, so the phone never hears that it was accepted.
  let recorded!: (status: number) => void;
  const reachedServer = new Promise<number>((resolve) => { recorded = resolve; });
  let closed!: () => void;
  const pageClosed = new Promise<void>((resolve) => { closed = resolve; });
  await context.route('**/api/v1/interactions', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const response = await route.fetch();
    recorded(response.status());
    await pageClosed;
    await route.abort().catch(() => undefined);
  });
  await context.setOffline(false);
  expect(await reachedServer).toBe(200);
  await page.close();
  closed();
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  expect(await answeredOnServer(await context.newPage())).toHaveLength(2);

  // Reopened in two tabs at once: both send the same two; each is recorded once.
  const [a, b] = [await context.newPage(), await context.newPage()];
  await Promise.all([a.goto('/'), b.goto('/')]);
  await Promise.all([hydrated(a), hydrated(b)]);
  await expect(syncStatus(a)).toHaveText(/All synced/, { timeout: 60_000 });
  await expect(syncStatus(b)).toHaveText(/All synced/, { timeout: 60_000 });
  const answered = await answeredOnServer(a);
  expect(answered).toHaveLength(2);
  expect(new Set(answered.map((x) => x.id)).size).toBe(2);
  expect(answered.map((x) => x.content_id).sort()).toEqual([items[0].content_id, items[1].content_id].sort());
  await context.close();
});
