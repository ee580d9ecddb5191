import { chromium } from '@playwright/test';
const [base, path, out, w, h, login, scrollTo] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ baseURL: base, viewport: { width: +w, height: +h }, deviceScaleFactor: 1 });
const page = await ctx.newPage();
if (login) {
  await page.goto('/login'); await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  await page.getByLabel('E-mail').fill(login); await page.getByLabel('Password').fill('flowline-demo');
  await page.getByRole('button', { name: 'Sign in' }).click(); await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
await page.goto(path); await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
if (scrollTo) await page.getByText(scrollTo).first().scrollIntoViewIfNeeded();
await page.waitForTimeout(500);
await page.screenshot({ path: out });
await browser.close();
