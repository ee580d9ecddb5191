import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrated, uniqueEmail, signIn } from './helpers';

/** A short vertical MP4 the way most editors write it (index after the media). */
function lessonVideo(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'flowline-e2e-')), 'proving-dead.mp4');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi',
    '-i', 'testsrc=size=360x640:rate=15', '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', '4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file]);
  return file;
}

test('an admin makes a lesson — video, question, KSB — publishes it, and a new apprentice gets it in their feed', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  const title = `Proving dead ${Date.now() % 100000}`;

  await signIn(page, 'admin@demo.flowline.test');
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Lessons' }).click();
  await hydrated(page);
  const create = page.locator('form.inline-form');
  await create.getByLabel('Title').fill(title);
  await create.getByRole('button', { name: 'Create draft' }).click();
  await expect(page).toHaveURL(/\/admin\/lessons\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('To publish, add a video, at least one KSB, at least one question.')).toBeVisible();

  // The video: uploaded with progress, checked and made faststart by the server.
  await page.getByLabel('Video file').setInputFiles(lessonVideo());
  await expect(page.locator('video.studio-video')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('4 s · faststart MP4')).toBeVisible();

  // The KSBs it teaches, and a question on one of them.
  for (const code of ['K1', 'K2', 'K4']) {
    await page.locator('.ksb-choices').getByRole('button', { name: code, exact: true }).click();
  }
  await expect(page.locator('.weight-row')).toHaveCount(3);
  await page.getByLabel('Transcript (what the video says)').fill('Prove your tester on a known source. Test the conductor. Prove the tester again.');
  await page.getByRole('button', { name: 'Add a question' }).click();
  const q = page.locator('.question-card').first();
  await q.getByLabel('Question 1 prompt').fill('When do you prove your voltage tester?');
  const answers = q.getByLabel('Answer', { exact: true });
  await answers.nth(0).fill('Only after testing');
  await answers.nth(1).fill('Before and after testing');
  await answers.nth(2).fill('Once a year');
  await q.getByLabel('Right answer').nth(1).check();
  await q.getByRole('button', { name: 'K1', exact: true }).click();

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved · version 1' })).toBeVisible();
  await page.getByRole('button', { name: 'Make from transcript' }).click();
  await expect(page.getByText('Captions are on: learners see them by default.')).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published: learners of this standard get it in their feed.')).toBeVisible();
  await expect(page.locator('.page-header .chip')).toHaveText('Published');

  // A new apprentice of ST1332 gets it in their feed, with its question.
  const learner = await browser.newContext();
  const lp = await learner.newPage();
  await lp.goto('/register');
  await hydrated(lp);
  await lp.getByLabel('Your name').fill('Nia New');
  await lp.getByLabel('E-mail').fill(uniqueEmail('nia'));
  await lp.getByLabel('Password').fill('a-long-password');
  await lp.getByRole('button', { name: 'Create account' }).click();
  await expect(lp).toHaveURL(/\/$/);
  // It teaches three untouched KSBs at a beginner's level: first in the feed.
  await expect(lp.locator('.slide-video .lesson-title').first()).toHaveText(title, { timeout: 20_000 });
  await expect(lp.locator('.check-prompt', { hasText: 'When do you prove your voltage tester?' }).first()).toBeAttached();
  await learner.close();

  // Back to draft, so the demo feed stays as it was.
  await page.getByRole('button', { name: 'Unpublish' }).click();
  await expect(page.locator('.page-header .chip')).toHaveText('Draft');
  expect(crashes).toEqual([]);
});

test('a mentor sees who needs them and opens an apprentice in depth', async ({ page }) => {
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  await signIn(page, 'mentor@demo.flowline.test');
  await expect(page).toHaveURL(/\/instructor$/);
  await hydrated(page);
  await expect(page.getByRole('region', { name: 'Cohort at a glance' })).toBeVisible();
  const rows = page.locator('.learner-row');
  await expect(rows.first()).toBeVisible();
  // Filters narrow the list by light.
  const total = await rows.count();
  await page.getByRole('button', { name: /^Green \d+$/ }).click();
  await expect(page.getByRole('button', { name: /^Green \d+$/ })).toHaveAttribute('aria-pressed', 'true');
  expect(await page.locator('.learner-row.status-red, .learner-row.status-amber').count()).toBe(0);
  await page.getByRole('button', { name: /^All \d+$/ }).click();
  await expect(rows).toHaveCount(total);

  await page.locator('.learner-row', { hasText: 'Alex Apprentice' }).click();
  await expect(page).toHaveURL(/\/instructor\/learners\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Alex Apprentice' })).toBeVisible();
  await expect(page.locator('.page-header .status-pill')).toBeVisible();
  await expect(page.locator('.heat-map .tile')).toHaveCount(30);
  await expect(page.getByRole('heading', { name: 'Signed off' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Recent activity' })).toBeVisible();
  expect(crashes).toEqual([]);
});
