import { test, expect } from '@playwright/test';
import { hydrated, signIn, signInByApi } from './helpers';

test("an apprentice's line manager confirms his Behaviours and Gateway readiness on a phone, and the assessor reads both", async ({ browser }) => {
  const crashes: string[] = [];

  // The admin sees who manages whom on People.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  admin.on('pageerror', (e) => crashes.push(e.message));
  await signIn(admin, 'admin@demo.flowline.test');
  await admin.goto('/admin/people');
  await hydrated(admin);
  const managers = admin.locator('section[aria-labelledby="line-managers-title"]');
  await expect(managers.getByText('Erin Employer → Alex Apprentice')).toBeVisible();
  await managers.screenshot({ path: '../docs/screenshots/admin-line-managers.png' });

  // Erin lands on her apprentices: Alex, six Behaviours to confirm.
  const employerContext = await browser.newContext();
  const employer = await employerContext.newPage();
  employer.on('pageerror', (e) => crashes.push(e.message));
  await signIn(employer, 'employer@demo.flowline.test');
  await expect(employer).toHaveURL(/\/employer$/);
  await hydrated(employer);
  await expect(employer.getByRole('heading', { name: 'Your apprentices' })).toBeVisible();
  const row = employer.getByRole('link', { name: /Alex Apprentice/ });
  await expect(employer.locator('.status-pill')).toHaveText('6 of 6 Behaviours to confirm');
  await employer.screenshot({ path: '../docs/screenshots/employer-home.png' });

  // His readiness, with what is hers to confirm first.
  await row.click();
  await expect(employer).toHaveURL(/\/employer\/apprentices\//);
  await hydrated(employer);
  const learnerId = employer.url().split('/').pop()!;
  await expect(employer.getByRole('heading', { name: 'Alex Apprentice' })).toBeVisible();
  const card = employer.locator('.confirmations');
  await expect(card.getByText('Readiness for the Gateway: confirm every Behaviour first (6 to go).')).toBeVisible();

  // A confirmation without a note is refused, saying what to write.
  const b1 = card.locator('.confirm-form').filter({ hasText: 'B1' });
  await b1.locator('summary').click();
  await b1.getByRole('button', { name: 'Confirm B1' }).click();
  await expect(b1.getByText('Say in a sentence what you saw the apprentice do at work.')).toBeVisible();
  await employer.screenshot({ path: '../docs/screenshots/employer-confirm.png' });
  await b1.getByLabel('What did you see them do at work?').fill('Stopped the job when the trench was not shored, and told the supervisor.');
  await b1.getByRole('button', { name: 'Confirm B1' }).click();
  await expect(card.locator('.list-row').filter({ hasText: 'B1' })).toContainText('Confirmed by Erin Employer on');

  // The other five, each with what she saw.
  for (const code of ['B2', 'B3', 'B4', 'B5', 'B6']) {
    const form = card.locator('.confirm-form').filter({ hasText: code });
    await form.locator('summary').click();
    await form.getByLabel('What did you see them do at work?').fill(`Seen on the Leeds 11 kV job (${code}).`);
    await form.getByRole('button', { name: `Confirm ${code}` }).click();
    await expect(card.locator('.list-row').filter({ hasText: code })).toContainText('Confirmed by Erin Employer');
  }

  // Then readiness for the Gateway.
  await card.getByLabel('Anything to add (optional)').fill('Works safely without supervision.');
  await card.getByRole('button', { name: 'Confirm ready for the Gateway' }).click();
  await expect(card.getByRole('status')).toContainText('Ready for the Gateway — Confirmed by Erin Employer');
  await card.screenshot({ path: '../docs/screenshots/employer-confirmed.png' });
  await employer.goto('/employer');
  await hydrated(employer);
  await expect(employer.locator('.status-pill')).toHaveText('Gateway readiness confirmed');

  // Alex shares his evidence with the assessor, who reads both confirmations.
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signInByApi(learner, 'learner@demo.flowline.test');
  const shared = await learner.request.post(`/api/v1/learners/${learnerId}/shares`, {
    data: { assessor_email: 'assessor@demo.flowline.test', days: 7 },
  });
  expect(shared.status(), await shared.text()).toBe(201);
  const assessorContext = await browser.newContext();
  const assessor = await assessorContext.newPage();
  assessor.on('pageerror', (e) => crashes.push(e.message));
  await signIn(assessor, 'assessor@demo.flowline.test');
  await assessor.goto(`/assessor/learners/${learnerId}`);
  await hydrated(assessor);
  const seen = assessor.locator('.confirmations');
  await expect(seen.getByText(/^Confirmed by Erin Employer on /)).toHaveCount(6);
  await expect(seen.getByText('Stopped the job when the trench was not shored, and told the supervisor.')).toBeVisible();
  await expect(seen.getByRole('status')).toContainText('Ready for the Gateway');
  await expect(seen.getByRole('button')).toHaveCount(0);
  await seen.screenshot({ path: '../docs/screenshots/assessor-confirmations.png' });

  // The same page on a desktop.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });
  const deskPage = await desk.newPage();
  await signIn(deskPage, 'employer@demo.flowline.test');
  await deskPage.goto(`/employer/apprentices/${learnerId}`);
  await hydrated(deskPage);
  await expect(deskPage.locator('.confirmations')).toBeVisible();
  await deskPage.screenshot({ path: '../docs/screenshots/employer-desktop.png' });

  expect(crashes).toEqual([]);
  for (const c of [adminContext, employerContext, learnerContext, assessorContext, desk]) await c.close();
});
