import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hydrated, signIn } from './helpers';

const PHOTO = join(__dirname, '..', '..', 'server', 'tests', 'api', 'fixtures', 'joint.jpg');
const CAPTION = 'Straight joint on 11 kV XLPE, before the heat-shrink went on';

test('a photo taken with no signal reaches the mentor once the signal returns; the mentor signs it off, its hash is on the chain and in the portfolio', async ({ browser }) => {
  test.setTimeout(180_000);
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
  const listed = async () =>
    (await (await alex.page.request.get(`/api/v1/learners/${alexId}/job-evidence`)).json()) as { caption: string }[];
  const before = (await listed()).length;

  // Alex opens "From the job" with a signal; the phone's worker is ready.
  await alex.page.goto('/evidence');
  await hydrated(alex.page);
  await expect.poll(() => alex.page.evaluate(() => navigator.serviceWorker.ready.then((r) => !!r.active)), { timeout: 20_000 }).toBe(true);
  await expect(alex.page.getByRole('heading', { level: 1, name: 'From the job' })).toBeVisible();

  // In the trench: no signal. He photographs the joint, says what it shows, picks S3, saves.
  await alex.context.setOffline(true);
  await alex.page.locator('input[type="file"][capture]').setInputFiles(PHOTO);
  await expect(alex.page.locator('.picked-files')).toContainText('photo · joint.jpg');
  await alex.page.getByLabel('What it shows').fill(CAPTION);
  await alex.page.locator('.ksb-chip', { hasText: 'S3' }).click();
  await alex.page.getByRole('button', { name: 'Save and send' }).click();
  await expect(alex.page.getByText('Saved on this phone.')).toBeVisible();
  const waiting = alex.page.locator('section[aria-labelledby="waiting-title"]');
  await expect(waiting).toContainText(CAPTION);
  await expect(waiting).toContainText('1 file · Waiting for a signal');
  await alex.page.screenshot({ path: '../docs/screenshots/evidence-offline.png', fullPage: true });
  // Nothing reached the server.
  await alex.page.waitForTimeout(2_000);
  expect((await listed()).length).toBe(before);

  // The signal returns: it is sent once, and shows as with his mentor.
  await alex.context.setOffline(false);
  await expect(waiting).toHaveCount(0, { timeout: 30_000 });
  const sent = alex.page.locator('section[aria-labelledby="job-evidence-title"]');
  await expect(sent.locator('.evidence-item').filter({ hasText: CAPTION })).toContainText('With your mentor');
  await expect(sent.locator('.evidence-item img').first()).toBeVisible();
  const after = await listed();
  expect(after.length).toBe(before + 1);
  expect(after.filter((e) => e.caption === CAPTION).length).toBe(1);
  await alex.page.screenshot({ path: '../docs/screenshots/evidence-sent.png', fullPage: true });

  // Morgan, his mentor, sees it on Alex's page, looks at the photo and signs it off.
  const morgan = await phone('mentor@demo.flowline.test');
  await morgan.page.goto(`/instructor/learners/${alexId}`);
  await hydrated(morgan.page);
  const card = morgan.page.locator('section[aria-labelledby="job-evidence-title"]');
  const item = card.locator('.evidence-item').filter({ hasText: CAPTION });
  await expect(item.locator('img')).toBeVisible();
  await expect(item).toContainText('With your mentor');
  await item.getByLabel('Your note').fill('Good preparation and a clean finish.');
  await morgan.page.screenshot({ path: '../docs/screenshots/evidence-mentor.png', fullPage: true });
  await expect(async () => {
    await item.getByRole('button', { name: 'Sign off' }).click();
    await expect(item).toContainText('Signed off', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(item).toContainText('Good preparation and a clean finish.');

  // The photo's SHA-256 is in the portfolio's observation, and the chain verifies.
  const sha = createHash('sha256').update(readFileSync(PHOTO)).digest('hex');
  const portfolio = await (await alex.page.request.get(`/api/v1/learners/${alexId}/portfolio`)).json();
  const files = portfolio.observations.flatMap((o: { files: { sha256: string }[] }) => o.files.map((f) => f.sha256));
  expect(files).toContain(sha);
  const admin = await phone('admin@demo.flowline.test');
  const verify = await (await admin.page.request.get('/api/v1/admin/evidence/verify')).json();
  expect(verify.ok, JSON.stringify(verify)).toBe(true);

  // Alex sees it signed off, with his mentor's note.
  await alex.page.reload();
  await hydrated(alex.page);
  await expect(sent.locator('.evidence-item').filter({ hasText: CAPTION })).toContainText('Signed off');
  await expect(sent).toContainText('Good preparation and a clean finish.');
  await alex.page.screenshot({ path: '../docs/screenshots/evidence-signed.png', fullPage: true });

  expect(crashes).toEqual([]);
  for (const p of [alex, morgan, admin]) await p.context.close();
});

