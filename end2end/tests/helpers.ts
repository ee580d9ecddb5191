import { expect, type Page } from '@playwright/test';

/** Waits until the WebAssembly app has taken over the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export const DEMO_PASSWORD = 'flowline-demo';

/** A fresh server renders the lesson videos in the background: wait until `count` are ready. */
export async function waitForLessons(page: Page, count: number, timeout = 400_000) {
  await expect
    .poll(async () => {
      const res = await page.request.get('/api/v1/content?standard=ST1332');
      return ((await res.json()).lessons ?? []).length;
    }, { timeout, intervals: [3_000] })
    .toBeGreaterThanOrEqual(count);
}

/**
 * A new learner's first feed explains itself once on each device ("How your feed works"):
 * they read it and tap "Start learning". Waits for it, so later taps reach the feed.
 */
export async function startLearning(page: Page) {
  const intro = page.getByRole('dialog', { name: 'How your feed works' });
  await expect(intro).toBeVisible();
  await intro.getByRole('button', { name: 'Start learning' }).click();
  await expect(intro).toHaveCount(0);
}

/** Signs in through the login form (a demo account unless a password is given). */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
