import { test, expect } from '@playwright/test';
import { hydrated, startLearning, uniqueEmail, waitForLessons } from './helpers';

type Logged = { kind: string; content_id: string; rating?: string };

test('a learner swipes past a lesson, answers the next one and taps "Too easy": both reach the server quietly', async ({ page }) => {
  test.setTimeout(300_000);
  const email = uniqueEmail('pace');
  await page.goto('/register');
  await hydrated(page);
  await page.getByLabel('Your name').fill('Pat Pace');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('a-long-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await waitForLessons(page, 2);
  await page.goto('/');
  await hydrated(page);
  await startLearning(page);

  // Swipe past the first lesson (its video and its check) without watching or answering.
  const first = page.locator('.slide-video').first();
  const skipped = await first.getAttribute('data-content-id');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.slide-check').first()).toBeInViewport({ ratio: 0.95 });
  await page.keyboard.press('ArrowDown');
  const second = page.locator('.slide-video').nth(1);
  await expect(second).toBeInViewport();
  await expect
    .poll(async () => {
      const log: Logged[] = await (await page.request.get('/api/v1/interactions')).json();
      return log.filter((i) => i.kind === 'skipped').map((i) => i.content_id);
    }, { timeout: 15_000 })
    .toEqual([skipped]);
  // A skip is not the learner's work: the sync line never counted it as an answer waiting.
  await expect(page.locator('[data-sync="waiting"]')).toHaveCount(0);

  // The second lesson's check, answered; then one tap says how it felt.
  const feed = await (await page.request.get('/api/v1/feed')).json();
  const contentId = await second.getAttribute('data-content-id');
  const item = feed.items.find((i: { content_id: string }) => i.content_id === contentId);
  await second.getByRole('button', { name: 'Quick check' }).click();
  const check = page.locator('.slide-check').nth(1);
  await expect(check).toBeInViewport();
  for (const [n, q] of item.questions.entries()) {
    await check.getByRole('button', { name: q.options[q.answer], exact: true }).click();
    if (n < item.questions.length - 1) {
      await check.getByRole('button', { name: 'Next question' }).click();
    }
  }
  // All right on a first check can master a KSB: the milestone moment comes first.
  const moment = page.getByRole('dialog').filter({ hasText: 'Milestone reached' });
  // The lesson's result shows once the answer is kept, by when any milestone has landed.
  await expect(check.locator('.moves')).toBeVisible();
  if (await moment.isVisible()) await moment.getByRole('button', { name: 'Keep going' }).click();
  const pace = check.getByRole('group', { name: 'How was this one?' });
  await expect(pace).toBeVisible();
  await page.screenshot({ path: '../docs/screenshots/quick-check-rating.png' });
  await pace.getByRole('button', { name: 'Too easy' }).click();
  await expect(check.getByText('Thanks: your next lessons will stretch you more.')).toBeVisible();
  await expect(check.getByRole('button', { name: 'Too easy' })).toHaveAttribute('aria-pressed', 'true');
  await expect(check.getByRole('button', { name: 'Too hard' })).toBeDisabled();
  await expect
    .poll(async () => {
      const log: Logged[] = await (await page.request.get('/api/v1/interactions')).json();
      return log.filter((i) => i.kind === 'rated').map((i) => [i.content_id, i.rating]);
    }, { timeout: 15_000 })
    .toEqual([[contentId, 'too_easy']]);
  // Moving on from an answered lesson is not a skip.
  await check.getByRole('button', { name: 'Next lesson' }).click();
  await expect(page.locator('.slide-check').nth(1)).not.toBeInViewport();
  await page.waitForTimeout(1_000);
  const log: Logged[] = await (await page.request.get('/api/v1/interactions')).json();
  expect(log.filter((i) => i.kind === 'skipped' && i.content_id === contentId)).toHaveLength(0);
});
