import { test, expect } from '@playwright/test';
import { hydrated, linkIn, mailTo, register, signInByApi, uniqueEmail, DEMO_PASSWORD } from './helpers';

test('a new apprentice registers on their phone and lands on the feed', async ({ page }) => {
  await page.goto('/register');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();

  await page.getByLabel('Your name').fill('Robin Jointer');
  await page.getByLabel('E-mail').fill(uniqueEmail('robin'));
  await page.getByLabel('Password').fill('straight-joint-95mm');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/$/);
  // In demo mode a new learner joins the demo cohort: their feed is there at once.
  await expect(page).toHaveTitle(/^Feed/);
  await expect(page.getByRole('status', { name: /Streak: 0 days/ }).or(page.getByRole('heading', { name: 'Your lessons are on their way' }))).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const tab of ['Feed', 'Progress', 'Coach', 'Me']) {
    await expect(nav.getByRole('link', { name: tab })).toBeVisible();
  }
  // A learner sees no instructor or admin tabs.
  await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Instructor' })).toHaveCount(0);
  // The browser's time zone was recorded with the account.
  await nav.getByRole('link', { name: 'Me' }).click();
  await expect(page.getByText('Time zone', { exact: true })).toBeVisible();
});

test('registration works before the app has loaded (no JavaScript)', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/register');
  await page.getByLabel('Your name').fill('Noor Plain');
  await page.getByLabel('E-mail').fill(uniqueEmail('noor'));
  await page.getByLabel('Password').fill('plain-form-posting');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveTitle(/^Feed/);
  await context.close();
});

test('a mistyped registration says which field is wrong and keeps the person on the form', async ({ page }) => {
  await page.goto('/register');
  await hydrated(page);
  await page.getByLabel('Your name').fill('Kai');
  await page.getByLabel('E-mail').fill('kai-at-example');
  await page.getByLabel('Password').fill('long-enough-pass');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter an e-mail address like name@example.com.')).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/register/);
});

test('a wrong password is explained, then the demo mentor signs in and out', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('E-mail').fill('mentor@demo.flowline.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That e-mail and password do not match an account.')).toBeVisible();

  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  // A mentor's work starts in instructor mode.
  await expect(page).toHaveURL(/\/instructor$/);
  await expect(nav.getByRole('link', { name: 'Instructor' })).toHaveAttribute('aria-current', 'page');
  // Everyone who registered in demo mode joined this cohort too.
  await expect(page.locator('.board-eyebrow')).toHaveText(/^Demo cohort — ST1332 · \d+ apprentices?$/);

  await nav.getByRole('link', { name: 'Me' }).click();
  await expect(page.getByRole('heading', { name: 'Morgan Mentor' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/me');
  await expect(page).toHaveURL(/\/login$/);
});

test('an apprentice who forgot their password gets back in from the e-mail, and other devices are signed out', async ({ page, browser, baseURL }) => {
  const { email } = await register(page, 'forgot', 'Fran Forgot', false);
  // Fran is still signed in on another phone.
  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  await signInByApi(otherPage, email, 'a long forgot password');

  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveTitle(/Forgot your password/);
  await hydrated(page);
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses that address');

  const mail = await mailTo(email, 'Reset your Flowline password');
  expect(mail.problems).toEqual([]);
  await page.goto(linkIn(mail, '/reset/'));
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await hydrated(page);
  await page.getByLabel(/New password/).fill('password12');
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page.getByText(/That password would be easy to guess/)).toBeVisible();
  await page.getByLabel(/New password/).fill('jointing-kit-in-the-rain');
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page).toHaveTitle(/^Feed/);

  // The other phone was signed out; the link does not work twice.
  expect((await otherPage.request.get('/api/v1/me')).status()).toBe(401);
  await other.close();
  await page.goto(linkIn(mail, '/reset/'));
  await expect(page.getByRole('heading', { name: 'This link does not work any more' })).toBeVisible();
});
