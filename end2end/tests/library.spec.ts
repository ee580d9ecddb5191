import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrated, signIn, register } from './helpers';

test('an admin previews the official standard before importing it, and a circle of prerequisites is refused', async ({ page }) => {
  test.setTimeout(60_000);
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  await signIn(page, 'admin@demo.flowline.test');
  await page.goto('/admin/library');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'KSB library' })).toBeVisible();
  await expect(page.locator('#standard-settings')).toContainText('ST1332 · Power industry distribution cable jointer');

  // The "official" document: the demo one with K2 reworded and one more skill.
  const doc = JSON.parse(readFileSync('../content/standards/ST1332.demo.json', 'utf8'));
  doc.version = '1.0';
  doc.knowledges[1].detail = 'ESQCR 2002: duties of distribution network operators and protective multiple earthing.';
  doc.skills.push({ skillId: 'e2e-s11', detail: 'Fit and test a looped service on a live LV main.' });
  const file = join(tmpdir(), `st1332-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(doc));
  const card = page.locator('#import-standard');
  await expect(card.getByRole('button', { name: 'Preview' })).toBeEnabled();
  await card.locator('input[type=file]').setInputFiles(file);
  const preview = card.locator('.import-preview');
  await expect(preview).toContainText('ST1332 · Power industry distribution cable jointer (version 1.0)');
  await expect(preview.getByText('1 added')).toBeVisible();
  await expect(preview.getByText('1 changed')).toBeVisible();
  await expect(preview.locator('.change-row').filter({ hasText: 'K2' }).locator('.change-after')).toHaveText(doc.knowledges[1].detail);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../docs/screenshots/library-import-preview.png' });
  // Nothing is written by the preview.
  const before = await (await page.request.get('/api/v1/standards/ST1332')).json();
  expect(before.ksbs.find((k: { code: string }) => k.code === 'S11')).toBeUndefined();
  await card.getByRole('button', { name: 'Import it' }).click();
  await expect(card.getByText(/^Imported ST1332 version 1\.0: 1 added/)).toBeVisible();
  await expect(page.locator('#ksb-S11')).toContainText('Fit and test a looped service on a live LV main.');

  // S3 needs K3: making K3 need S3 is refused, and the page says why.
  const k3 = page.locator('#ksb-K3');
  await k3.getByText('Edit K3').click();
  await k3.getByLabel('Needs first (codes, e.g. K1, K3)').fill('S3');
  await k3.getByRole('button', { name: 'Save K3' }).click();
  await expect(k3.getByText('K3 cannot need S3: S3 already needs K3 (S3 → K3).')).toBeVisible();
  await k3.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../docs/screenshots/library-ksb-circle.png' });
  // A prerequisite that fits is saved.
  await k3.getByLabel('Needs first (codes, e.g. K1, K3)').fill('K1');
  await k3.getByRole('button', { name: 'Save K3' }).click();
  await expect(page.locator('#ksb-K3')).toContainText('Needs first: K1');
  // Back as it was (the demo's KSBs, K3 needing nothing), so the stories after this one see
  // the demo's library.
  const restored = await page.request.put('/api/v1/admin/standards/ST1332/ksbs/K3', {
    data: { text: before.ksbs.find((k: { code: string }) => k.code === 'K3').text, prerequisites: [] },
  });
  expect(restored.ok()).toBeTruthy();
  const demo = JSON.parse(readFileSync('../content/standards/ST1332.demo.json', 'utf8'));
  const reimported = await page.request.post('/api/v1/admin/standards/import', { data: demo });
  expect(reimported.status()).toBe(201);
  expect((await (await page.request.get('/api/v1/standards/ST1332')).json()).ksbs).toHaveLength(30);
  expect(crashes).toEqual([]);
});

test('an admin sees how each lesson does with learners, the ones to rework first', async ({ page }) => {
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  // Something to count: a new apprentice gets their first check wrong.
  await register(page, 'analytics', 'Ana Lytics');
  const feed = await (await page.request.get('/api/v1/feed')).json();
  const item = feed.items[0];
  const answers = item.questions.map((q: { id: string; answer: number }) => ({ question_id: q.id, response: (q.answer + 1) % 2 }));
  await page.request.post('/api/v1/interactions', {
    data: { interactions: [{ id: crypto.randomUUID(), content_id: item.content_id, kind: 'answered', occurred_at: new Date().toISOString(), time_spent_s: 12, answers }] },
  });
  await page.request.post('/api/v1/auth/logout');

  await signIn(page, 'admin@demo.flowline.test');
  await page.goto('/admin/analytics');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Lessons of ST1332' })).toBeVisible();
  const row = page.locator('#lesson-analytics .analytics-row').filter({ hasText: item.title });
  await expect(row).toContainText(/\d+ learners? · completed \d+\s% · right first time \d+\s%/);
  await expect(page.locator('#ksb-analytics .analytics-row').first()).toContainText(/right first time/);
  // The memory model: the demo has too few reviews for a fit yet, and says how many it needs.
  const memory = page.locator('#memory-model');
  await expect(memory).toContainText("Reviews are scheduled with FSRS-6's default weights.");
  await expect(memory).toContainText('Not fitted yet: the server fits daily once learners have given 1,000 reviews.');
  // The knowledge model: the shipped BKT parameters, in words an admin can read.
  const knowledge = page.locator('#knowledge-model');
  await expect(knowledge).toContainText('Mastery is traced with the shipped parameters: without knowing a KSB, 25');
  await expect(knowledge).toContainText('Not fitted yet');
  await page.screenshot({ path: '../docs/screenshots/content-analytics.png' });
  await memory.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../docs/screenshots/content-analytics-memory-model.png' });
  expect(crashes).toEqual([]);
});
