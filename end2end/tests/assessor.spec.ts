import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

test('an apprentice shares their evidence with an assessor, who reads their readiness and is seen looking', async ({ browser }) => {
  const crashes: string[] = [];
  // The apprentice shares from Me; a mistyped e-mail is named on its field first.
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  learner.on('pageerror', (e) => crashes.push(e.message));
  await signIn(learner, 'learner@demo.flowline.test');
  await learner.goto('/me');
  await hydrated(learner);
  const card = learner.locator('#sharing');
  await card.getByLabel("Assessor's e-mail").fill('nobody@example.com');
  // (The Me page's code loads just after the page: a tap that lands first is tried again.)
  await expect(async () => {
    await card.getByRole('button', { name: 'Share' }).click();
    await expect(card.getByText(/No assessor account has that e-mail/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await card.getByLabel("Assessor's e-mail").fill('assessor@demo.flowline.test');
  await card.getByLabel('For').selectOption('7');
  await card.getByRole('button', { name: 'Share' }).click();
  await expect(card.getByRole('listitem').filter({ hasText: 'assessor@demo.flowline.test' })).toBeVisible();
  await expect(card.getByText('Nobody has looked at your evidence yet.')).toBeVisible();

  // The assessor lands on the learners shared with them.
  const assessorContext = await browser.newContext();
  const assessor = await assessorContext.newPage();
  assessor.on('pageerror', (e) => crashes.push(e.message));
  await signIn(assessor, 'assessor@demo.flowline.test');
  await expect(assessor).toHaveURL(/\/assessor$/);
  await hydrated(assessor);
  await expect(assessor.getByRole('heading', { name: 'Learners shared with you' })).toBeVisible();
  const row = assessor.getByRole('link', { name: /Alex Apprentice/ });
  await expect(row).toBeVisible();
  await assessor.screenshot({ path: '../docs/screenshots/assessor-home.png' });

  // Their readiness: the summary, the gaps in words, every KSB.
  await row.click();
  await expect(assessor).toHaveURL(/\/assessor\/learners\//);
  await expect(assessor.getByRole('heading', { name: 'Alex Apprentice' })).toBeVisible();
  await expect(assessor.locator('.page-header .status-pill')).toContainText(/Not yet: \d+ gaps|Ready for Gateway to Completion/);
  await expect(assessor.getByRole('heading', { name: 'Gaps' })).toBeVisible();
  await expect(assessor.locator('.gaps li').filter({ hasText: /^Not started \(\d+\): K1, / })).toHaveCount(1);
  await expect(assessor.locator('.ksb-table tbody tr')).not.toHaveCount(0);
  await assessor.screenshot({ path: '../docs/screenshots/assessor-readiness.png' });

  // The apprentice sees who looked.
  await learner.reload();
  await hydrated(learner);
  await expect(card.getByRole('listitem').filter({ hasText: 'your readiness' }).first()).toContainText('assessor');
  await card.screenshot({ path: '../docs/screenshots/me-sharing.png' });

  // They end the share: the assessor's list is empty again.
  await card.getByRole('button', { name: 'End' }).click();
  await expect(card.getByText('Not shared with anyone.')).toBeVisible();
  await assessor.goto('/assessor');
  await hydrated(assessor);
  await expect(assessor.getByText('No portfolios shared with you yet')).toBeVisible();
  expect(crashes).toEqual([]);
  await learnerContext.close();
  await assessorContext.close();
});
