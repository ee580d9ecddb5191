import { test, expect } from '@playwright/test';
import { hydrated, signIn, register } from './helpers';

test('an apprentice logs a classroom morning, their mentor approves it, and their off-the-job hours grow', async ({ browser }) => {
  const crashes: string[] = [];
  // A new apprentice (self-registered in demo mode, so in the demo cohort Morgan mentors).
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  learner.on('pageerror', (e) => crashes.push(e.message));
  const { email, password } = await register(learner, 'otj', 'Olive Hours', false);
  await signIn(learner, email, password);
  const me = await (await learner.request.get('/api/v1/me')).json();

  // On Progress: nothing counted yet, against the standard's minimum.
  await learner.goto('/progress');
  await hydrated(learner);
  const card = learner.locator('#otj-hours');
  await expect(card.getByRole('heading', { name: 'Off-the-job hours' })).toBeVisible();
  await expect(card.getByText(/^0\.0 of \d+ h \(0 %\)$/)).toBeVisible();

  // They log a morning at the training centre; a description left empty is named first.
  await card.getByText('Log training off Flowline').click();
  await card.getByLabel('What', { exact: true }).selectOption('classroom');
  await card.getByLabel('How long').selectOption('180');
  await expect(async () => {
    await card.getByRole('button', { name: 'Log it' }).click();
    await expect(card.getByText(/Say what the training was/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await card.getByLabel('What it was').fill('LV jointing theory at the training centre');
  await card.getByLabel('KSBs it covered (optional)').fill('K1, S3');
  await card.getByRole('button', { name: 'Log it' }).click();
  await expect(card.getByText('Logged. Your mentor sees it to approve.')).toBeVisible();
  const logged = card.locator('.otj-log').filter({ hasText: 'LV jointing theory' });
  await expect(logged).toContainText('Classroom or workshop · 3 h');
  await expect(logged).toContainText('Waiting for approval');
  await expect(card.getByText('3.0 h logged and waiting for a mentor\'s approval.')).toBeVisible();
  await card.screenshot({ path: '../docs/screenshots/otj-progress.png' });

  // Their mentor approves it from the apprentice's page.
  const mentorContext = await browser.newContext();
  const mentor = await mentorContext.newPage();
  mentor.on('pageerror', (e) => crashes.push(e.message));
  await signIn(mentor, 'mentor@demo.flowline.test');
  // The board says training is waiting, and one tap leads to it.
  await mentor.goto('/instructor');
  await hydrated(mentor);
  const waiting = mentor.locator('.alert-link').filter({ hasText: 'Olive Hours' }).filter({ hasText: '3 h of logged training to approve' });
  await expect(waiting).toContainText('To approve');
  await waiting.click();
  await expect(mentor).toHaveURL(new RegExp(`/instructor/learners/${me.id}$`));
  await hydrated(mentor);
  const hours = mentor.locator('#otj-hours');
  const pending = hours.locator('.otj-log').filter({ hasText: 'LV jointing theory' });
  await expect(pending).toContainText('(K1, S3)');
  await pending.scrollIntoViewIfNeeded();
  await mentor.screenshot({ path: '../docs/screenshots/otj-mentor.png' });
  await expect(async () => {
    await pending.getByRole('button', { name: 'Approve' }).click();
    await expect(pending).toContainText('Approved by Morgan Mentor', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(hours.getByText(/^3\.0 of \d+ h/)).toBeVisible();

  // The apprentice sees the hours counted, and the CSV export has the line.
  await learner.reload();
  await hydrated(learner);
  await expect(card.getByText(/^3\.0 of \d+ h/)).toBeVisible();
  await expect(logged).toContainText('Approved by Morgan Mentor');
  const csv = await (await learner.request.get(`/api/v1/learners/${me.id}/otj/hours.csv`)).text();
  expect(csv).toContain('Classroom or workshop: LV jointing theory at the training centre,3.00,K1 S3,"logged, mentor approved"');
  expect(crashes).toEqual([]);
  await learnerContext.close();
  await mentorContext.close();
});
