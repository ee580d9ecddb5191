// Screenshots of Flowline's pages at phone size (390×844) in Debian's Chromium, for looking
// at what a person sees. Usage (server running with FLOWLINE_DEMO=1):
//   [ONLY=name,…] node end2end/tools/screenshots.mjs [baseURL] [outDir]
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? 'target/screenshots';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// ONLY=name,name shoots just those.
const only = process.env.ONLY ? process.env.ONLY.split(',') : null;

async function shoot(name, path, { login, colorScheme = 'light', wait = 0, then, keepIntro = false } = {}) {
  if (only && !only.includes(name)) return;
  const context = await browser.newContext({
    baseURL: base, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
    isMobile: true, hasTouch: true, colorScheme,
  });
  const page = await context.newPage();
  if (login) {
    await page.goto('/login');
    await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
    await page.getByLabel('E-mail').fill(login);
    await page.getByLabel('Password').fill('flowline-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }
  await page.goto(path);
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  if (!keepIntro) {
    // A new learner's feed explains itself first (shot on its own as 'feed-intro').
    const start = page.getByRole('button', { name: 'Start learning' });
    if (await start.isVisible({ timeout: 1500 }).catch(() => false)) await start.click();
  }
  if (wait) await page.waitForTimeout(wait);
  if (then) await then(page);
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`);
  await context.close();
}

await shoot('login', '/login');
await shoot('register', '/register');
await shoot('forgot', '/forgot');
await shoot('forgot-sent', '/forgot', { then: async (page) => {
  await page.getByLabel('E-mail').fill('learner@demo.flowline.test');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByRole('status').waitFor();
} });
await shoot('reset-gone', '/reset/0000000000000000000000000000000000000000000000000000000000000000');
await shoot('register-dark', '/register', { colorScheme: 'dark' });
await shoot('feed-intro', '/', { login: 'learner@demo.flowline.test', wait: 1500, keepIntro: true, then: async (page) => {
  await page.getByRole('dialog', { name: 'How your feed works' }).waitFor();
} });
await shoot('feed-learner', '/', { login: 'learner@demo.flowline.test', wait: 3000 });
await shoot('feed-check', '/', { login: 'learner@demo.flowline.test', then: async (page) => {
  await page.getByRole('button', { name: 'Quick check' }).first().click();
  await page.waitForTimeout(800);
  await page.locator('.slide-check').first().locator('.option').nth(1).click();
  await page.waitForTimeout(400);
} });
await shoot('progress-learner', '/progress', { login: 'learner@demo.flowline.test' });
// Offline: answer a check with no signal; the feed and progress say what waits to sync.
await shoot('feed-offline', '/', { login: 'learner@demo.flowline.test', then: async (page) => {
  await page.getByText(/lessons saved for offline/).waitFor({ timeout: 60_000 });
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Quick check' }).first().click();
  const check = page.locator('.slide-check').first();
  for (let n = 0; n < 3; n++) {
    await check.locator('.option').first().click();
    const next = check.getByRole('button', { name: 'Next question' });
    if (await next.isVisible()) await next.click();
  }
  await check.locator('.lesson-result').waitFor();
  await page.getByRole('button', { name: 'Next lesson' }).click();
  await page.waitForTimeout(1200);
  await page.getByRole('button', { name: 'Which?' }).click();
} });
await shoot('me-learner', '/me', { login: 'learner@demo.flowline.test' });
await shoot('me-password', '/me', { login: 'learner@demo.flowline.test', then: async (page) => {
  await page.locator('summary', { hasText: 'Change password' }).click();
  await page.getByRole('button', { name: 'Change password' }).scrollIntoViewIfNeeded();
} });
await shoot('instructor-mentor', '/instructor', { login: 'mentor@demo.flowline.test' });
await shoot('sign-off', '/instructor', { login: 'mentor@demo.flowline.test', then: async (page) => {
  const form = page.locator('.sign-off');
  await form.getByRole('radio', { name: /Alex Apprentice/ }).click();
  await form.getByRole('button', { name: /^S3 / }).click();
  await form.getByRole('button', { name: /^B1 / }).click();
  await form.locator('textarea').fill('Straight joint on 11 kV: clean preparation, tidy screen work.');
  await form.scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('.sign-off')?.scrollIntoView());
} });
await shoot('cohort-board', '/instructor', { login: 'mentor@demo.flowline.test' });
await shoot('learner-drilldown', '/instructor', { login: 'mentor@demo.flowline.test', then: async (page) => {
  await page.locator('.learner-row', { hasText: 'Bea Okafor' }).click();
  await page.locator('.heat-map').waitFor({ state: 'attached' });
  await page.waitForTimeout(400);
} });
await shoot('learner-drilldown-map', '/instructor', { login: 'mentor@demo.flowline.test', then: async (page) => {
  await page.locator('.learner-row', { hasText: 'Bea Okafor' }).click();
  await page.locator('.heat-map').waitFor({ state: 'attached' });
  await page.evaluate(() => document.querySelector('.heat-map')?.closest('.card')?.scrollIntoView());
  await page.waitForTimeout(400);
} });
await shoot('studio-lessons', '/admin/lessons', { login: 'admin@demo.flowline.test' });
await shoot('content-editor', '/admin/lessons', { login: 'admin@demo.flowline.test', then: async (page) => {
  await page.locator('.lesson-row').first().click();
  await page.locator('video.studio-video').waitFor();
  await page.waitForTimeout(800);
} });
await shoot('content-editor-questions', '/admin/lessons', { login: 'admin@demo.flowline.test', then: async (page) => {
  await page.locator('.lesson-row').first().click();
  await page.locator('.question-card').first().waitFor();
  await page.evaluate(() => document.querySelector('#mapping-title')?.scrollIntoView());
  await page.waitForTimeout(400);
} });
await shoot('admin-people', '/admin/people', { login: 'admin@demo.flowline.test' });
await shoot('admin-cohorts', '/admin/cohorts', { login: 'admin@demo.flowline.test' });
await shoot('admin', '/admin', { login: 'admin@demo.flowline.test' });
await shoot('admin-dark', '/admin', { login: 'admin@demo.flowline.test', colorScheme: 'dark' });
await browser.close();
