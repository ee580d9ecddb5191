import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { hydrated, signIn, register } from './helpers';

test('an apprentice downloads a copy of their data, then deletes their account for good', async ({ browser }) => {
  test.setTimeout(90_000);
  const crashes: string[] = [];
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => crashes.push(e.message));
  const { email, password } = await register(page, 'gdpr', 'Dana Rights', false);
  await signIn(page, email, password);
  // Something to export: an answer of the first lesson, as the phone would send it.
  const feed = await (await page.request.get('/api/v1/feed')).json();
  const item = feed.items[0];
  const sent = await page.request.post('/api/v1/interactions', {
    data: { interactions: [{ id: crypto.randomUUID(), content_id: item.content_id, kind: 'watched',
      occurred_at: new Date().toISOString(), time_spent_s: 40 }] },
  });
  expect(sent.ok()).toBeTruthy();

  // On Me: "Your data". Asking for a copy shows it being prepared, then a download.
  await page.goto('/me');
  await hydrated(page);
  // (The page's code loads just after the page: a tap that lands first is tried again.)
  await expect(async () => {
    await page.getByRole('link', { name: 'Your data: copy or delete' }).click();
    await expect(page).toHaveURL(/\/data\/[0-9a-f-]+$/, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Your data', level: 1 })).toBeVisible();
  const card = page.locator('#data-rights');
  await card.getByRole('button', { name: 'Download the data' }).click();
  const download = card.getByRole('link', { name: /^Download ZIP \(\d+ kB\)$/ });
  await expect(download).toBeVisible({ timeout: 20_000 });
  await expect(card.getByText(/^Ready\. The link works until \d+ \w+ \d{4}\.$/)).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../docs/screenshots/me-data-export.png' });
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  expect(file.suggestedFilename()).toMatch(/^flowline-data-\d{4}-\d{2}-\d{2}\.zip$/);
  const zipPath = await file.path();
  // Read by an independent ZIP reader (Python's zipfile): every part, and the answer sent.
  const listing = JSON.parse(execFileSync('python3', ['-c', `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))`, zipPath]).toString());
  for (const part of ['README.txt', 'account.json', 'account.csv', 'interactions.json', 'interactions.csv', 'progress.json']) {
    expect(Object.keys(listing)).toContain(part);
  }
  expect(listing['account.json']).toContain(email);
  expect(JSON.parse(listing['interactions.json']).map((i: { content_id: string }) => i.content_id)).toContain(item.content_id);

  // Deleting: what is erased and what is kept is said before anything happens.
  const erase = page.locator('#erase');
  await expect(erase.getByText(/Kept without your name/)).toBeVisible();
  const confirm = erase.getByLabel(/Type the account's e-mail address/);
  await confirm.fill('someone.else@example.com');
  await erase.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(erase.getByText("Type the account's e-mail address exactly as it is, to confirm.")).toBeVisible();
  await confirm.fill(email);
  await erase.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../docs/screenshots/me-delete-account.png' });
  await erase.getByRole('button', { name: 'Delete my account for good' }).click();

  // Signed out, told so, and the account no longer signs in.
  await expect(page).toHaveURL(/\/login\?erased=1/);
  await expect(page.getByText('Your account has been deleted.', { exact: false })).toBeVisible();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('That e-mail and password do not match an account.')).toBeVisible();
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  expect(crashes).toEqual([]);
  await context.close();
});

test('someone already signed in who opens the sign-in page goes to where their work starts', async ({ page }) => {
  await signIn(page, 'mentor@demo.flowline.test');
  await page.goto('/login');
  await expect(page).toHaveURL(/\/instructor$/);
});
