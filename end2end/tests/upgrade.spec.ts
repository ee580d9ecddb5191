import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hydrated, waitForLessons, register } from './helpers';

// What a phone kept under device-store schema 1 (the same file pins the format in
// app/core/src/model/offline_format_tests.rs).
const fixture = readFileSync(join(__dirname, '..', 'fixtures', 'device-store-v1.json'), 'utf8');

function fill(values: Record<string, string>) {
  let text = fixture;
  for (const [k, v] of Object.entries(values)) text = text.split(`{{${k}}}`).join(v);
  return JSON.parse(text);
}

function uuidv7ish() {
  const hex = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const ms = Date.now().toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Writes a person's device store as a schema-1 build left it (values are JSON text). */
async function writeStore(page: Page, userId: string, outbox: Record<string, string>) {
  await page.evaluate(async ({ name, outbox }) => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => {
        for (const store of ['meta', 'outbox', 'feed', 'progress', 'streak']) open.result.createObjectStore(store);
      };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(['meta', 'outbox'], 'readwrite');
        tx.objectStore('meta').put('1', 'schema');
        for (const [key, value] of Object.entries(outbox)) tx.objectStore('outbox').put(value, key);
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, { name: `flowline-${userId}`, outbox });
}

async function outboxKeys(page: Page, userId: string): Promise<string[]> {
  return page.evaluate(async (name) => new Promise<string[]>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction('outbox').objectStore('outbox').getAllKeys();
      req.onsuccess = () => { db.close(); resolve(req.result.map(String)); };
      req.onerror = () => reject(req.error);
    };
  }), `flowline-${userId}`);
}

test('answers an earlier version of the app kept on the phone are sent after an upgrade', async ({ page }) => {
  test.setTimeout(480_000);
  const { email, password } = await register(page, 'upgrade', 'Uma Upgrade');
  await waitForLessons(page, 1);
  const me = await (await page.request.get('/api/v1/me')).json();
  const feed = await (await page.request.get('/api/v1/feed')).json();
  const item = feed.items.find((i: { questions: unknown[] }) => i.questions.length > 0);
  expect(item, 'a lesson with a check').toBeTruthy();

  // One entry exactly as schema 1 wrote it, and one a later build changed beyond reading
  // (its `graded` is no longer a list): both must reach the server.
  const values = (id: string) => ({
    id, content_id: item.content_id, occurred_at: new Date(Date.now() - 60_000).toISOString(),
    question_id: item.questions[0].id, title: item.title,
  });
  const kept = uuidv7ish();
  const changed = uuidv7ish();
  const keptEntry = fill(values(kept)).outbox_entry;
  const changedEntry = { ...fill(values(changed)).outbox_entry, graded: 'a later shape' };

  await page.goto('/healthz');
  await writeStore(page, me.id, {
    [kept]: JSON.stringify(keptEntry),
    [changed]: JSON.stringify(changedEntry),
  });

  await page.goto('/');
  await hydrated(page);
  await expect
    .poll(async () => {
      const log = await (await page.request.get('/api/v1/interactions')).json();
      return (log as { id: string }[]).map((i) => i.id).filter((id) => id === kept || id === changed).sort();
    }, { timeout: 30_000 })
    .toEqual([kept, changed].sort());
  await expect.poll(() => outboxKeys(page, me.id), { timeout: 15_000 }).toEqual([]);
});
