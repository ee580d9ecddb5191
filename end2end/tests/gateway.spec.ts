import { test, expect } from '@playwright/test';
import { hydrated, signIn, signInByApi } from './helpers';

test('an assessor reads the Gateway forecast, opens a KSB item by item, and records "not yet" with reasons, which reaches the mentor', async ({ browser }) => {
  test.setTimeout(120_000);
  const crashes: string[] = [];
  // Tom shares his evidence with the assessor.
  const tomContext = await browser.newContext();
  const tom = await tomContext.newPage();
  await signInByApi(tom, 'tom@demo.flowline.test');
  const me = await (await tom.request.get('/api/v1/me')).json();
  const shared = await tom.request.post(`/api/v1/learners/${me.id}/shares`, {
    data: { assessor_email: 'assessor@demo.flowline.test', days: 7 },
  });
  expect(shared.status(), await shared.text()).toBe(201);

  const assessorContext = await browser.newContext();
  const assessor = await assessorContext.newPage();
  assessor.on('pageerror', (e) => crashes.push(e.message));
  await signIn(assessor, 'assessor@demo.flowline.test');
  await assessor.goto(`/assessor/learners/${me.id}`);
  await hydrated(assessor);
  await expect(assessor.getByRole('heading', { name: 'Tom Hughes' })).toBeVisible();

  // The forecast, part by part: a few weeks in, his hours are far from the minimum, so there
  // is no date yet rather than an early one.
  const forecast = assessor.locator('.forecast');
  await expect(forecast.getByRole('heading', { name: 'Gateway forecast' })).toBeVisible();
  await expect(forecast.locator('.forecast-part')).toHaveCount(4);
  await expect(forecast.locator('.forecast-part').filter({ hasText: 'Off-the-job hours' })).toContainText('hours to go');
  await expect(forecast.locator('.forecast-summary')).toContainText(/No date yet|confidence/);
  await forecast.screenshot({ path: '../docs/screenshots/gateway-forecast.png' });

  // A KSB with answers, opened item by item: each with its question, the answer, who and
  // when, and its link on the chain.
  const answered = assessor.locator('.ksb-table tbody tr').filter({ hasText: /\d+ answers/ }).first();
  const code = (await answered.locator('a.ksb-link').innerText()).trim();
  await expect(async () => {
    await answered.locator('a.ksb-link').click({ timeout: 1_000 });
    await expect(assessor).toHaveURL(new RegExp(`/ksbs/${code}$`), { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await hydrated(assessor);
  await expect(assessor.getByRole('heading', { name: code, exact: true })).toBeVisible();
  const items = assessor.locator('.evidence-item');
  await expect(items.first()).toBeVisible();
  await expect(items.first()).toContainText('Answered “');
  await expect(items.first()).toContainText('Tom Hughes (their answer)');
  await expect(items.first().locator('.evidence-chain')).toContainText(/Chain link \d+ · [0-9a-f]{12}…/);
  await assessor.screenshot({ path: '../docs/screenshots/ksb-evidence.png', fullPage: true });
  await assessor.setViewportSize({ width: 1280, height: 900 });
  await assessor.screenshot({ path: '../docs/screenshots/ksb-evidence-desktop.png', fullPage: true });
  await assessor.setViewportSize({ width: 390, height: 844 });

  // Back on his readiness: "not yet", with a reason for the first KSB with a gap, and a note.
  await assessor.goto(`/assessor/learners/${me.id}`);
  await hydrated(assessor);
  const card = assessor.locator('.gateway-decision');
  await expect(card.getByText('No decision recorded yet.')).toBeVisible();
  const first = card.locator('.gateway-reason').first();
  const reasonCode = (await first.locator('input[type=checkbox]').getAttribute('value'))!;
  // (The page's code loads just after the page: what lands first is done again.)
  await expect(async () => {
    if (await card.getByRole('status').count() === 0) {
      await card.getByRole('radio', { name: 'Not yet' }).check({ timeout: 1_000 });
      await first.locator('input[type=checkbox]').check({ timeout: 1_000 });
      await card.getByLabel('Note for the provider and the apprentice').fill('Close: see his joints at work first.', { timeout: 1_000 });
      await card.getByRole('button', { name: 'Record the decision' }).click({ timeout: 1_000 });
    }
    await expect(card.getByRole('status')).toContainText('Recorded on the evidence chain', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(card.locator('.gateway-decided')).toContainText('Not yet');
  await expect(card.locator('.gateway-decided')).toContainText(reasonCode);
  await card.screenshot({ path: '../docs/screenshots/gateway-decision.png' });

  // The mentor is told on the board, and Tom is not green while it stands.
  const mentorContext = await browser.newContext();
  const mentor = await mentorContext.newPage();
  mentor.on('pageerror', (e) => crashes.push(e.message));
  await signIn(mentor, 'mentor@demo.flowline.test');
  await mentor.goto('/instructor');
  await hydrated(mentor);
  const alert = mentor.locator('.alert-link').filter({ hasText: 'Tom Hughes' }).filter({ hasText: 'Not yet at the Gateway' });
  await expect(alert).toContainText(reasonCode);
  await expect(mentor.locator('.alert-gateway').first()).toHaveText('Gateway');
  await alert.scrollIntoViewIfNeeded();
  await mentor.screenshot({ path: '../docs/screenshots/board-gateway-alert.png' });
  expect(crashes).toEqual([]);
});

test('the provider sees the whole programme against each plan, filters it and downloads it', async ({ browser }) => {
  const crashes: string[] = [];
  const context = await browser.newContext();
  const admin = await context.newPage();
  admin.on('pageerror', (e) => crashes.push(e.message));
  await signIn(admin, 'admin@demo.flowline.test');
  await admin.goto('/admin/programme');
  await hydrated(admin);
  await expect(admin.getByRole('heading', { name: 'Programme', exact: true })).toBeVisible();
  const rows = admin.locator('.programme-row');
  await expect(rows.first()).toBeVisible();
  const all = await rows.count();
  expect(all).toBeGreaterThanOrEqual(5);
  // Priya started months ago and is behind her own plan, with the reasons.
  const priya = rows.filter({ hasText: 'Priya Shah' });
  await expect(priya).toContainText('Behind their plan');
  await expect(priya.locator('.risk')).toContainText('Withdrawal risk');
  await expect(admin.locator('svg.plan-chart circle.plan-dot')).toHaveCount(all);
  await admin.screenshot({ path: '../docs/screenshots/programme.png', fullPage: true });

  // Only those at risk of withdrawal.
  await expect(async () => {
    await admin.getByRole('button', { name: /^At risk of withdrawal/ }).click({ timeout: 1_000 });
    await expect(admin.getByRole('button', { name: /^At risk of withdrawal/ })).toHaveAttribute('aria-pressed', 'true', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(rows.filter({ hasText: 'Priya Shah' })).toHaveCount(1);
  await expect(rows).not.toHaveCount(all);

  // The CSV, with the ILR's fields.
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^programme-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = test.info().outputPath('programme.csv');
  await download.saveAs(file);
  const text = (await import('node:fs')).readFileSync(file, 'utf8');
  expect(text.split('\n')[0]).toContain('LearnRefNumber');
  expect(text).toContain('Priya Shah');

  // At desk size.
  await admin.getByRole('button', { name: /^All / }).click();
  await admin.setViewportSize({ width: 1280, height: 900 });
  await admin.screenshot({ path: '../docs/screenshots/programme-desktop.png', fullPage: true });
  expect(crashes).toEqual([]);
});
