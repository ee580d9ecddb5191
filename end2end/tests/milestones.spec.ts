import { test, expect, type Page } from '@playwright/test';
import { hydrated, startLearning, waitForLessons, register } from './helpers';

type Question = { id: string; prompt: string; options: string[]; answer: number; ksb: string };
type Item = { content_id: string; title: string; questions: Question[] };

const syncStatus = (page: Page) => page.locator('.sync[role="status"]').first();

test('an apprentice masters their first KSB with no signal: the moment is celebrated on the phone, and the badge is on Progress once synced', async ({ page, context }) => {
  test.setTimeout(300_000);
  const { email, password } = await register(page, 'badge', 'Kim Keen');
  await waitForLessons(page, 5);

  // The feed opens online and is kept on the phone.
  await page.goto('/');
  await hydrated(page);
  const feed = await (await page.request.get('/api/v1/feed')).json();
  const ids = await page.locator('.slide-video').evaluateAll((els) => els.map((e) => e.getAttribute('data-content-id')));
  const items: Item[] = ids.map((id) => feed.items.find((i: Item) => i.content_id === id));
  await startLearning(page);
  await expect(syncStatus(page)).toHaveText(/lessons saved for offline/, { timeout: 90_000 });

  // A lesson on one Knowledge KSB, already answered right once yesterday on another phone.
  const index = items.findIndex((i) => i.questions.every((q) => q.ksb === i.questions[0].ksb && q.ksb.startsWith('K')));
  expect(index, 'a Knowledge lesson in the feed').toBeGreaterThanOrEqual(0);
  const item = items[index];
  const ksb = item.questions[0].ksb;
  const earlier = await page.request.post('/api/v1/interactions', {
    data: { interactions: [{
      id: crypto.randomUUID(), content_id: item.content_id, kind: 'answered',
      occurred_at: new Date(Date.now() - 60_000).toISOString(), time_spent_s: 12,
      answers: [{ question_id: item.questions[0].id, response: item.questions[0].answer }],
    }] },
  });
  expect(earlier.ok(), await earlier.text()).toBeTruthy();
  // Progress, opened online, brings that to this phone.
  await page.getByRole('link', { name: 'Progress', exact: true }).click();
  await expect(page.locator(`li.ksb[data-code="${ksb}"] .ksb-pct`)).not.toHaveText('0%');
  await expect(page.getByRole('heading', { name: /Badges/ })).toBeVisible();
  await expect(page.locator('.badge-next[data-key="first-mastered"]')).toContainText('one KSB at 80 %');

  // In the van, no signal: the kept feed, and its quick check answered right.
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Feed', exact: true }).click();
  await expect(syncStatus(page)).toHaveText(/Offline/);
  const video = page.locator('.slide-video').nth(index);
  await video.scrollIntoViewIfNeeded();
  await video.getByRole('button', { name: 'Quick check' }).click();
  const check = page.locator('.slide-check').nth(index);
  for (const [n, q] of item.questions.entries()) {
    await expect(check.getByRole('heading', { name: q.prompt })).toBeVisible();
    await check.locator(`[data-option="${q.answer + 1}"]`).click();
    if (n < item.questions.length - 1) await check.getByRole('button', { name: 'Next question' }).click();
  }

  // The moment: the milestone, what earned it, and that the phone will confirm it.
  const moment = page.getByRole('dialog', { name: 'First KSB mastered' });
  await expect(moment).toBeVisible();
  await expect(moment).toContainText('Milestone reached');
  await expect(moment).toContainText(new RegExp(`${ksb} \\d+ %`));
  await expect(moment).toContainText('Kept on this phone; confirmed when it syncs.');
  await expect.poll(() => moment.evaluate((d) => d.getAnimations().every((a) => a.playState === 'finished'))).toBe(true);
  await page.screenshot({ path: '../docs/screenshots/milestone-moment.png' });
  await moment.getByRole('button', { name: 'Keep going' }).click();
  await expect(moment).toHaveCount(0);

  // Back in signal: the server awards the same badge, with its date and evidence.
  await context.setOffline(false);
  await expect(syncStatus(page)).toHaveText(/All synced/, { timeout: 60_000 });
  const server = await (await page.request.get('/api/v1/progress')).json();
  const first = server.badges.earned.find((b: { key: string }) => b.key === 'first-mastered');
  expect(first?.awarded_at_ms, JSON.stringify(server.badges)).toBeGreaterThan(0);
  expect(first.evidence[0]).toMatch(new RegExp(`^${ksb} `));
  await page.getByRole('link', { name: 'Progress', exact: true }).click();
  const earned = page.locator('.badge-earned[data-key="first-mastered"]');
  await expect(earned).toContainText('First KSB mastered');
  await expect(earned).not.toContainText('on this phone');
  await expect(page.locator('.badge-next[data-key="first-mastered"]')).toHaveCount(0);
  await page.locator('#badges').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../docs/screenshots/progress-badges.png' });
});
