import { test, expect, type Page } from '@playwright/test';
import { hydrated, startLearning, waitForLessons, signIn } from './helpers';

async function signInAsDemoLearner(page: Page) {
  await signIn(page, 'learner@demo.flowline.test');
  await expect(page).toHaveURL(/\/$/);
}


test('a learner watches a lesson, answers its check, swipes on and sees their mastery move', async ({ page }) => {
  test.setTimeout(300_000);
  await signInAsDemoLearner(page);
  await waitForLessons(page, 2);

  const before = await (await page.request.get('/api/v1/progress')).json();
  await page.goto('/');
  await hydrated(page);
  await startLearning(page);

  // The first lesson fills the screen and plays by itself, muted, with captions on.
  const first = page.locator('.slide-video').first();
  await expect(first).toBeInViewport();
  const video = first.locator('video');
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(0.5);
  expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
  expect(await video.evaluate((v: HTMLVideoElement) => v.textTracks[0]?.mode)).toBe('showing');
  await expect(page.getByRole('status', { name: /Streak: 0 days/ })).toBeVisible();

  // "Why this?" tells the learner why this lesson is first.
  await first.getByRole('button', { name: 'Why this?' }).click();
  await expect(first.getByRole('note')).toHaveText(/New for you|Review|Next:|Another go|Keep going|Challenge|Refresh/);

  // The quick check: the right answers, from the same feed the page shows.
  const contentId = await first.getAttribute('data-content-id');
  const feed = await (await page.request.get('/api/v1/feed')).json();
  const item = feed.items.find((i: { content_id: string }) => i.content_id === contentId);
  expect(item, 'the lesson on screen is in the learner feed').toBeTruthy();
  await first.getByRole('button', { name: 'Quick check' }).click();
  const check = page.locator('.slide-check').first();
  await expect(check).toBeInViewport();
  for (const [n, q] of item.questions.entries()) {
    await expect(check.getByRole('heading', { name: q.prompt })).toBeVisible();
    await check.getByRole('button', { name: q.options[q.answer], exact: true }).click();
    await expect(check.getByText('Right!')).toBeVisible();
    await expect(check.getByText(q.explanation)).toBeVisible();
    if (n < item.questions.length - 1) {
      await check.getByRole('button', { name: 'Next question' }).click();
    }
  }
  await expect(check.getByText(`${item.questions.length} of ${item.questions.length} right`)).toBeVisible();
  await expect(check.locator('.moves li').first()).toBeVisible();
  await expect(page.getByRole('status', { name: /Streak: 1 day/ })).toBeVisible();

  // On to the next lesson: it takes the screen and starts playing.
  await check.getByRole('button', { name: 'Next lesson' }).click();
  const second = page.locator('.slide-video').nth(1);
  await expect(second).toBeInViewport();
  await expect
    .poll(() => second.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(0.2);
  // The keyboard moves too: back up to the check just answered.
  await page.keyboard.press('ArrowUp');
  await expect(check).toBeInViewport();

  // Progress shows the KSB that was checked has moved.
  const code: string = item.questions[0].ksb;
  const was = before.ksbs.find((k: { code: string }) => k.code === code).mastery;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Progress' }).click();
  await expect(page.getByRole('heading', { name: 'Progress', level: 1 })).toBeVisible();
  const row = page.locator(`li.ksb[data-code="${code}"]`);
  await expect(row).toBeVisible();
  const shown = Number((await row.locator('.ksb-pct').textContent())?.replace('%', ''));
  expect(shown).toBeGreaterThan(was);
  await expect(page.getByText('Coming up for review')).toBeVisible();
  await expect(page.getByRole('note')).toHaveText(/Illustrative KSBs/);
});
