import { test, expect } from '@playwright/test';
import { hydrated, signIn, uniqueEmail } from './helpers';

test('an admin imports people from a TalentLMS export and a new apprentice signs in with her link', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const priya = uniqueEmail('priya');
  const sam = uniqueEmail('sam');
  const csv = [
    'Login,Firstname,Lastname,Email,User-type,Bio,Group',
    `priya,Priya,Shah,${priya},Learner-Type,,Demo cohort — ST1332`,
    `sam,Sam,Hill,${sam.replace('@example.com', '@example')},Learner-Type,,Demo cohort — ST1332`,
    `jo,Jo,Field,${uniqueEmail('jo')},Trainer-Type,Mentor,Demo cohort — ST1332`,
  ].join('\n');

  await signIn(page, 'admin@demo.flowline.test');
  await page.goto('/admin/people');
  await hydrated(page);
  await page.getByRole('link', { name: 'Import people' }).click();
  await expect(page.getByRole('heading', { name: 'Import people', level: 1 })).toBeVisible();
  await hydrated(page);

  // The preview: TalentLMS's columns recognised, the bad row named by its line, nothing written.
  await page.locator('input[type=file]').setInputFiles({ name: 'talentlms-users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByText('3 rows read: 2 ready (2 new, 0 joining a cohort, 0 unchanged), 1 with problems.')).toBeVisible();
  await expect(page.locator('select[data-field=email]')).toHaveValue('Email');
  await expect(page.locator('select[data-field=cohort]')).toHaveValue('Group');
  const problems = page.getByRole('alert').filter({ hasText: 'Rows that cannot go in' });
  await expect(problems).toContainText('Line 3');
  await expect(problems).toContainText('is not an e-mail address');
  await expect(page.getByRole('button', { name: 'Import all 2' })).toBeDisabled();
  await page.screenshot({ path: '../docs/screenshots/people-import-preview.png', fullPage: true });
  expect((await (await page.request.get('/api/v1/admin/users')).json()).some((u: { email: string }) => u.email === priya)).toBe(false);

  // Only the good rows go in; each new person has a one-time link to send.
  await page.getByRole('button', { name: 'Import the 2 good rows' }).click();
  await expect(page.getByText('Imported: 2 new, 0 joined a cohort, 0 unchanged.')).toBeVisible();
  const link = await page.getByRole('textbox', { name: 'Sign-in link for Priya Shah' }).inputValue();
  expect(link).toMatch(/\/invite\/[0-9a-f]{64}$/);
  await expect(page.getByRole('link', { name: 'Download the links (CSV)' })).toBeVisible();
  await page.screenshot({ path: '../docs/screenshots/people-import-links.png', fullPage: true });

  // Priya opens her link on her own phone, chooses a password and is in her cohort's feed.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const her = await phone.newPage();
  await her.goto(new URL(link).pathname);
  await hydrated(her);
  await expect(her.getByRole('heading', { name: 'Welcome, Priya Shah' })).toBeVisible();
  await her.screenshot({ path: '../docs/screenshots/invite-welcome.png' });
  await her.getByLabel(/Choose a password/).fill('short');
  await her.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(her.getByText(/at least 10 characters/).last()).toBeVisible();
  await her.getByLabel(/Choose a password/).fill('priya-chose-this');
  await her.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(her).toHaveURL(/\/$/);
  await expect(her.getByRole('dialog', { name: 'How your feed works' })).toBeVisible();
  // The link worked once.
  await her.goto(new URL(link).pathname);
  await expect(her.getByRole('heading', { name: 'This link does not work any more' })).toBeVisible();
  await phone.close();
});
