import { test, expect, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hydrated, waitForLessons, DEMO_PASSWORD, register } from './helpers';

type Question = { id: string; answer: number; ksb: string };
type Item = { content_id: string; questions: Question[] };
type Independent = { schema: { valid: boolean; errors: string[] }; verified: boolean; error: string | null; revoked: boolean };

/** The credential file checked by Digital Bazaar's VC library and 1EdTech's schema (tools/). */
function independently(file: string, base: string): Independent {
  const out = execFileSync('node', ['tools/verify-credential.mjs', file, base], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Answers one Knowledge lesson right over the API until "First KSB mastered" is awarded. */
async function masterFirstKsb(page: Page) {
  const feed = await (await page.request.get('/api/v1/feed')).json();
  const item: Item = feed.items.find((i: Item) =>
    i.questions.length > 0 && i.questions.every((q) => q.ksb === i.questions[0].ksb && q.ksb.startsWith('K')));
  expect(item, 'a Knowledge lesson in the feed').toBeTruthy();
  for (let n = 0; n < 10; n++) {
    const progress = await (await page.request.get('/api/v1/progress')).json();
    if (progress.badges.earned.some((b: { key: string }) => b.key === 'first-mastered')) return;
    const res = await page.request.post('/api/v1/interactions', {
      data: { interactions: [{
        id: crypto.randomUUID(), content_id: item.content_id, kind: 'answered',
        occurred_at: new Date().toISOString(), time_spent_s: 12,
        answers: item.questions.map((q) => ({ question_id: q.id, response: q.answer })),
      }] },
    });
    expect(res.ok(), await res.text()).toBeTruthy();
  }
  throw new Error('ten right answers did not master a KSB');
}

/** Someone who is not signed in, on their own phone. */
async function stranger(browser: Browser, baseURL: string) {
  const context = await browser.newContext({
    baseURL, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  return context.newPage();
}

test('an apprentice downloads their first badge; an employer verifies it, catches a forgery, and sees it revoked', async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const { email, password } = await register(page, 'credential', 'Robin Reed');
  await waitForLessons(page, 5);
  await masterFirstKsb(page);

  // On Progress, the badge offers the signed credential and LinkedIn.
  await page.goto('/progress');
  await hydrated(page);
  const earned = page.locator('.badge-earned[data-key="first-mastered"]');
  await expect(earned).toContainText('First KSB mastered');
  await expect(earned.getByRole('link', { name: 'Add to LinkedIn' }))
    .toHaveAttribute('href', '/api/v1/me/badges/first-mastered/linkedin');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    earned.getByRole('link', { name: 'Download credential' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('flowline-first-mastered.json');
  const file = test.info().outputPath('badge.json');
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  const credential = JSON.parse(text);

  // Independent implementations agree: 1EdTech's schema holds and the signature verifies.
  const genuine = independently(file, baseURL!);
  expect(genuine.schema.errors).toEqual([]);
  expect(genuine.schema.valid).toBe(true);
  expect(genuine.error).toBeNull();
  expect(genuine.verified).toBe(true);
  // One character changed in the learner's name: the signature no longer holds.
  const forged = text.replace('Robin Reed', 'Robin Reef');
  const forgedFile = test.info().outputPath('forged.json');
  writeFileSync(forgedFile, forged);
  expect(independently(forgedFile, baseURL!).verified).toBe(false);

  // An employer, not signed in, uploads the file on the verify page.
  const employer = await stranger(browser, baseURL!);
  await employer.goto('/verify/credential');
  await hydrated(employer);
  await expect(employer.getByRole('heading', { name: 'Verify a badge' })).toBeVisible();
  await employer.locator('input[type="file"]').setInputFiles(file);
  const outcome = employer.locator('.verify-outcome');
  await expect(outcome.getByRole('status')).toHaveText('Genuine: the signature verifies');
  await expect(outcome).toContainText('Robin Reed');
  await expect(outcome).toContainText('First KSB mastered');
  await expect(outcome).toContainText('ST1332');
  await outcome.scrollIntoViewIfNeeded();
  await employer.screenshot({ path: '../docs/screenshots/verify-credential.png', fullPage: true });
  // The forged text, pasted: not genuine, and why.
  await employer.getByLabel('Credential (JSON)').fill(forged);
  await employer.getByRole('button', { name: 'Verify' }).click();
  await expect(outcome.getByRole('status')).toHaveText('Not genuine');
  await expect(outcome).toContainText('What it claims (not confirmed)');
  // Something that is not a credential file at all.
  await employer.getByLabel('Credential (JSON)').fill('Robin Reed, First KSB mastered');
  await employer.getByRole('button', { name: 'Verify' }).click();
  await expect(employer.getByRole('alert')).toContainText('it is not JSON');

  // Issued in error: the provider's admin revokes it.
  const admin = await stranger(browser, baseURL!);
  expect((await admin.request.post('/api/v1/auth/login',
    { data: { email: 'admin@demo.flowline.test', password: DEMO_PASSWORD } })).ok()).toBeTruthy();
  const revoke = await admin.request.post(`/api/v1/admin/credentials/${credential.id}/revoke`,
    { data: { reason: 'Awarded on a training account' } });
  expect(revoke.status(), await revoke.text()).toBe(204);
  const revoked = independently(file, baseURL!);
  expect(revoked.revoked).toBe(true);
  expect(revoked.verified).toBe(false);

  // The QR code / LinkedIn link now says revoked, and why.
  await employer.goto(`/verify/credential?id=${encodeURIComponent(credential.id)}`);
  await expect(outcome.getByRole('status')).toHaveText('Revoked by the issuer');
  await expect(outcome).toContainText('Awarded on a training account');
  await employer.screenshot({ path: '../docs/screenshots/verify-credential-revoked.png', fullPage: true });

  // The apprentice's app says why, and offers neither the download nor LinkedIn.
  await page.goto('/progress');
  await hydrated(page);
  await expect(earned.locator('.badge-revoked')).toContainText('Awarded on a training account');
  await expect(earned.getByRole('link', { name: 'Download credential' })).toHaveCount(0);
  await expect(earned.getByRole('link', { name: 'Add to LinkedIn' })).toHaveCount(0);

  // The admin reinstates it from Admin → Badges: the apprentice can download it again.
  await admin.goto('/admin/badges');
  await hydrated(admin);
  const row = admin.locator('.badge-admin-row').filter({ hasText: 'Robin Reed' }).filter({ hasText: 'First KSB mastered' });
  await expect(row).toContainText('Revoked');
  // (The page's code loads just after the page: a tap that lands first is tried again.)
  await expect(async () => {
    const reinstate = row.getByRole('button', { name: /^Reinstate/ });
    if (await reinstate.count()) await reinstate.click({ timeout: 1_000 });
    await expect(row).toContainText('Stands', { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await page.reload();
  await hydrated(page);
  await expect(earned.getByRole('link', { name: 'Download credential' })).toBeVisible();

  // Then revokes it from the page, with a reason: the download is gone from the app again.
  await row.getByRole('button', { name: /^Revoke/ }).click();
  await row.getByLabel(/Why is it revoked/).fill('Answers shared in a group chat');
  await row.getByRole('button', { name: 'Revoke badge' }).click();
  await expect(row).toContainText('Revoked');
  await expect(row).toContainText('Answers shared in a group chat');
  await row.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: '../docs/screenshots/admin-badges.png' });
  await page.reload();
  await hydrated(page);
  await expect(earned.locator('.badge-revoked')).toContainText('Answers shared in a group chat');
  await expect(earned.getByRole('link', { name: 'Download credential' })).toHaveCount(0);
  await earned.screenshot({ path: '../docs/screenshots/badge-revoked.png' });
});
