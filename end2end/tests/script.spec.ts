import { test, expect } from '@playwright/test';
import { hydrated, signIn, waitForLessons } from './helpers';

test('an admin writes a lesson as a script, previews the narration, watches it render, and publishes it', async ({ page }) => {
  test.setTimeout(480_000);
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  await signIn(page, 'admin@demo.flowline.test');
  // The demo's own lessons render first on this server's one worker.
  await waitForLessons(page, 24);
  await page.goto('/admin/lessons');
  await hydrated(page);
  await page.locator('#new-from-script').getByRole('link', { name: 'Write a script' }).click();
  await expect(page).toHaveURL(/\/admin\/script$/);
  const card = page.locator('#script');
  const script = card.getByLabel('Script (front matter, then ## scenes)');
  await expect(script).toHaveValue(/title = "Checking a link box before you open it"/);
  const title = `Link boxes ${Date.now() % 100000}`;
  await script.fill((await script.inputValue()).replace('Checking a link box before you open it', title));

  // A mistake is named with its line; fixed, the preview shows what the video will say.
  const good = await script.inputValue();
  await script.fill(good.replace('difficulty = 2', 'difficulty = "two"'));
  await card.getByRole('button', { name: 'Preview narration' }).click();
  await expect(card.getByText(/^Line \d+: /)).toBeVisible();
  await script.fill(good);
  await card.getByRole('button', { name: 'Preview narration' }).click();
  const preview = card.locator('.script-preview');
  await expect(preview).toContainText(`${title} · ST1332 · difficulty 2`);
  await expect(preview.locator('.scene')).toHaveCount(4);
  await expect(preview.locator('.scene-headline').first()).toHaveText('Look before you touch');
  // The example is short of a 60-90 s lesson, and the preview says so.
  await expect(preview.getByRole('note')).toContainText('150–215 make the 60–90 s a lesson should last');
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../docs/screenshots/script-preview.png' });

  // Rendered as a draft: the lesson's page follows the render.
  await card.getByRole('button', { name: 'Render as a draft' }).click();
  await expect(page).toHaveURL(/\/admin\/lessons\/[0-9a-f-]+$/);
  await hydrated(page);
  const render = page.locator('#script-render');
  await expect(render.getByRole('progressbar', { name: 'Rendering the video' })).toBeVisible();
  await page.screenshot({ path: '../docs/screenshots/script-render-progress.png' });
  await expect(render.getByText('Rendered from the script: review the video, then publish.')).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('video.studio-video')).toBeVisible();

  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published: learners of this standard get it in their feed.')).toBeVisible();
  const content = await (await page.request.get('/api/v1/content?standard=ST1332')).json();
  expect(content.lessons.map((l: { title: string }) => l.title)).toContain(title);
  expect(crashes).toEqual([]);
});
