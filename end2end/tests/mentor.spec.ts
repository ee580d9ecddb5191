import { test, expect, type Browser } from '@playwright/test';
import { hydrated, signIn } from './helpers';

async function asLearner(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'learner@demo.flowline.test');
  return { context, page };
}

test('a mentor signs off a skill they watched from their phone, and it shows on the apprentice’s progress', async ({ page, browser }) => {
  const before = await asLearner(browser);
  await before.page.goto('/progress');
  await hydrated(before.page);
  const s1 = before.page.locator('li.ksb[data-code="S1"]');
  await expect(s1).toBeVisible();
  await expect(s1).not.toContainText('observed');
  await before.context.close();

  // The app must never crash on the way (a hydration panic once did, on the mentor's landing page).
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  await signIn(page, 'mentor@demo.flowline.test');
  await page.goto('/instructor');
  await hydrated(page);
  const form = page.locator('.sign-off');
  await expect(form.getByRole('heading', { name: 'Sign off observed work' })).toBeVisible();

  // Tap 1: the apprentice. Tap 2: the skill. Tap 3: sign off.
  // (The form's list hydrates just after the page: a tap that lands first is tried again.)
  const apprentice = form.getByRole('radio', { name: /Alex Apprentice/ });
  await expect(async () => {
    await apprentice.click();
    await expect(apprentice).toHaveAttribute('aria-checked', 'true', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  // Each KSB chip says what it is, not just its code.
  const chip = form.getByRole('button', { name: 'S1 Plan and prepare the worksite', exact: true });
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await form.getByRole('button', { name: 'Sign off 1 KSB' }).click();
  await expect(form.getByRole('status')).toHaveText('Signed off S1 (Plan and prepare the worksite) for Alex Apprentice. It counts on their progress now.');
  // The form is ready for the next one.
  await expect(chip).toHaveAttribute('aria-pressed', 'false');

  // A sign-off with nothing picked says what is missing.
  await form.getByRole('button', { name: 'Sign off' }).click();
  await expect(form.getByText('Pick at least one KSB that you observed.')).toBeVisible();

  const after = await asLearner(browser);
  await after.page.goto('/progress');
  await hydrated(after.page);
  await expect(after.page.locator('li.ksb[data-code="S1"]')).toContainText('observed ×1');
  await after.context.close();
  expect(crashes).toEqual([]);
});
