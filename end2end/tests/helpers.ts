import { expect, type Page } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * A new apprentice registers by the API (in demo mode they join the demo cohort at once) and,
 * unless `signedIn` is false, is signed in on the page's cookies. Returns their sign-in.
 */
export async function register(page: Page, prefix: string, displayName: string, signedIn = true) {
  const email = uniqueEmail(prefix);
  const password = `a long ${prefix} password`;
  const reg = await page.request.post('/api/v1/auth/register', {
    data: { email, password, display_name: displayName, timezone: 'Europe/London' },
  });
  expect(reg.ok(), await reg.text()).toBeTruthy();
  if (signedIn) await signInByApi(page, email, password);
  return { email, password };
}

/** Signs in by the API, on the page's cookies (no form, no page load). */
export async function signInByApi(page: Page, email: string, password = DEMO_PASSWORD) {
  const res = await page.request.post('/api/v1/auth/login', { data: { email, password } });
  expect(res.ok(), await res.text()).toBeTruthy();
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

/** The e-mail that reached the test SMTP server for `to` (newest first), as the sink recorded it. */
export async function mailTo(to: string, subject: string) {
  const dir = join(__dirname, '..', '..', 'target', 'e2e-mail');
  type Mail = { rcpt_tos: string[]; subject: string; text: string; html: string; problems: string[] };
  let found: Mail | undefined;
  await expect
    .poll(() => {
      const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort().reverse() : [];
      found = names
        .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as Mail)
        .find((m) => m.rcpt_tos.includes(to.toLowerCase()) && m.subject === subject);
      return found !== undefined;
    }, { timeout: 20_000, message: `an e-mail "${subject}" to ${to}` })
    .toBe(true);
  return found!;
}

/** The first link in a mail's text that contains `part`. */
export function linkIn(mail: { text: string }, part: string) {
  const link = mail.text.split(/\s+/).find((w) => w.startsWith('http') && w.includes(part));
  expect(link, `a link with ${part} in ${mail.text}`).toBeTruthy();
  return link!;
}
