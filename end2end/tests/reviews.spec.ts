import { test, expect, type Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

/** Fills the comment and signs in the row of `party`; a tap before the page's code has loaded is tried again. */
async function sign(page: Page, party: string, comment: string) {
  const row = page.locator('.signature').filter({ hasText: party });
  await expect(async () => {
    await row.getByLabel('Your comment').fill(comment);
    await row.getByRole('button', { name: 'Sign the review' }).click();
    await expect(row.locator('.signed-line')).toContainText('Signed on', { timeout: 1_500 });
  }).toPass({ timeout: 20_000 });
}

test('a progress review is drafted by the mentor, signed by the apprentice, the line manager and the mentor on their phones, and verifies unchanged', async ({ browser }) => {
  const crashes: string[] = [];
  const phone = async (email: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => crashes.push(e.message));
    await signIn(page, email);
    return { context, page };
  };
  const alex = await phone('learner@demo.flowline.test');
  const alexId = (await (await alex.page.request.get('/api/v1/me')).json()).id as string;

  // Morgan drafts the first review from Alex's page and writes the plan.
  const morgan = await phone('mentor@demo.flowline.test');
  await morgan.page.goto(`/instructor/learners/${alexId}`);
  await hydrated(morgan.page);
  const card = morgan.page.locator('section[aria-labelledby="reviews-title"]');
  await expect(card.getByText(/Next review due by/)).toBeVisible();
  // (The page's code loads just after the page: a tap that lands first is tried again.)
  await expect(async () => {
    await card.getByRole('button', { name: 'Draft review 1' }).click();
    await expect(morgan.page).toHaveURL(/\/reviews\//, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await hydrated(morgan.page);
  const reviewUrl = new URL(morgan.page.url()).pathname;
  await expect(morgan.page.getByRole('heading', { name: 'What the record says' })).toBeVisible();
  await expect(morgan.page.locator('.status-pill')).toHaveText('Waiting for 3 signatures');
  await morgan.page.getByLabel('What the three of you agree to do next').fill('Three supervised 11 kV straight joints before the next review.');
  await morgan.page.getByRole('button', { name: 'Save the plan' }).click();
  await expect(morgan.page.getByLabel('What the three of you agree to do next')).toHaveValue('Three supervised 11 kV straight joints before the next review.');
  await morgan.page.screenshot({ path: '../docs/screenshots/review-draft.png' });

  // Alex finds it on Progress, comments and signs.
  await alex.page.goto('/progress');
  await hydrated(alex.page);
  await alex.page.locator('section[aria-labelledby="reviews-title"]').getByRole('link', { name: /Review 1/ }).click();
  await expect(alex.page).toHaveURL(reviewUrl);
  await hydrated(alex.page);
  await sign(alex.page, 'Apprentice', 'I want more time on LV joints.');

  // Erin, his line manager, does the same from the link she was e-mailed.
  const erin = await phone('employer@demo.flowline.test');
  await erin.page.goto(reviewUrl);
  await hydrated(erin.page);
  await sign(erin.page, 'Line manager', 'Careful, and asks good questions.');
  await expect(erin.page.locator('.status-pill')).toHaveText('Waiting for 1 signature');

  // Morgan signs last: the review is final, every signature holds.
  await morgan.page.reload();
  await hydrated(morgan.page);
  await sign(morgan.page, 'Mentor', '');
  await expect(morgan.page.locator('.status-pill')).toHaveText('Signed by all three');
  await expect(morgan.page.locator('.signed-line').filter({ hasText: /^Signed on / })).toHaveCount(3);
  await expect(morgan.page.getByRole('button', { name: 'Save the plan' })).toHaveCount(0);
  await morgan.page.screenshot({ path: '../docs/screenshots/review-signed.png', fullPage: true });

  // It verifies unchanged: the evidence chain holds.
  const admin = await phone('admin@demo.flowline.test');
  const verify = await (await admin.page.request.get('/api/v1/admin/evidence/verify')).json();
  expect(verify.ok, JSON.stringify(verify)).toBe(true);

  expect(crashes).toEqual([]);
  for (const p of [alex, morgan, erin, admin]) await p.context.close();
});
