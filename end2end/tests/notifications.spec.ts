import { test, expect } from '@playwright/test';
import { hydrated, register, signInByApi, DEMO_PASSWORD } from './helpers';

// Notifications are offered where they make sense, never on the first screen, and "Not now"
// is remembered on the device.

test('a mentor is offered safety alerts on the board, and "Not now" is remembered', async ({ page }) => {
  await signInByApi(page, 'mentor@demo.flowline.test', DEMO_PASSWORD);
  await page.goto('/instructor');
  await hydrated(page);
  const offer = page.getByRole('region', { name: 'Notifications' });
  await expect(offer.getByText('Be told at once when one of your apprentices asks a safety question')).toBeVisible();
  await page.screenshot({ path: '../docs/screenshots/board-push-offer.png' });

  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await expect(page.locator('.board-eyebrow')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Notifications' })).toHaveCount(0);
});

test('an apprentice is offered nudges in the Coach thread, not on the feed', async ({ page }) => {
  await register(page, 'offer', 'Olu Offer');
  await page.goto('/');
  await hydrated(page);
  await expect(page.getByRole('region', { name: 'Notifications' })).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Coach' }).click();
  const offer = page.getByRole('region', { name: 'Notifications' });
  await expect(offer.getByText("Get your nudges and your mentor's answers on this phone")).toBeVisible();
  await expect(offer.getByRole('button', { name: 'Turn on' })).toBeEnabled();
});
