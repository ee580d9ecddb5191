import { test, expect } from '@playwright/test';
import { hydrated, signInByApi, DEMO_PASSWORD } from './helpers';

// Single sign-on against a real OpenID provider on this machine (node-oidc-provider with its
// development sign-in pages): whoever signs in there is the address they type.

test('a mentor signs in with their employer account and lands on the board', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.screenshot({ path: '../docs/screenshots/login-sso.png' });
  await page.getByRole('link', { name: 'Sign in with North Power' }).click();

  // North Power's own sign-in page.
  await expect(page).toHaveURL(/\/interaction\//);
  await page.locator('input[name="login"]').fill('mentor@demo.flowline.test');
  await page.locator('input[name="password"]').fill('north-power-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(/\/instructor$/);
  await expect(page.locator('.board-eyebrow')).toHaveText(/^Demo cohort — ST1332/);
});

test('someone the provider has not invited is told so on the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Sign in with North Power' }).click();
  await page.locator('input[name="login"]').fill('new.starter@northpower.co.uk');
  await page.locator('input[name="password"]').fill('north-power-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(/\/login\?sso=no-account$/);
  await expect(page.getByRole('alert').filter({ hasText: 'There is no Flowline account' })).toBeVisible();
  await page.screenshot({ path: '../docs/screenshots/login-sso-refused.png' });
});

test('an admin makes a domain sign in only with single sign-on', async ({ page }) => {
  await signInByApi(page, 'admin@demo.flowline.test', DEMO_PASSWORD);
  await page.goto('/admin/people');
  await hydrated(page);
  const card = page.getByRole('region', { name: 'Single sign-on' });
  await expect(card.getByText('People can sign in with North Power.')).toBeVisible();
  // (The People page's code loads just after the page: typing and a tap that land first are
  // tried again.)
  await expect(async () => {
    await card.getByLabel('E-mail domain').fill('@NorthPower.co.uk');
    await card.getByRole('button', { name: 'Require North Power' }).click();
    await expect(card.getByText('@northpower.co.uk')).toBeVisible({ timeout: 1_500 });
  }).toPass({ timeout: 20_000 });
  await expect(card.getByText('Set by Ada Admin')).toBeVisible();
  await card.screenshot({ path: '../docs/screenshots/admin-sso.png' });

  // A mistyped domain is explained.
  await card.getByLabel('E-mail domain').fill('north power');
  await card.getByRole('button', { name: 'Require North Power' }).click();
  await expect(card.getByRole('alert')).toHaveText(/like example\.co\.uk/);

  await card.getByRole('button', { name: 'Allow passwords at northpower.co.uk' }).click();
  await expect(card.getByText('No SSO-only domains yet.')).toBeVisible();
});
