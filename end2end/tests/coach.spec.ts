import { test, expect } from '@playwright/test';
import { hydrated, signIn, register } from './helpers';

test('an apprentice asks the coach, gets the lesson, reaches a human for an injury, and sees the mentor\'s answer', async ({ browser }) => {
  const crashes: string[] = [];
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  learner.on('pageerror', (e) => crashes.push(e.message));
  const { email, password } = await register(learner, 'coach', 'Casey Coach', false);
  await signIn(learner, email, password);

  await learner.goto('/coach');
  await hydrated(learner);
  await expect(learner.getByRole('heading', { name: 'Coach' })).toBeVisible();
  const thread = learner.getByRole('list', { name: 'Conversation with the coach' });
  // The page's own code is lazy: "Ask" is enabled once it has taken over.
  await expect(learner.getByRole('button', { name: 'Ask', exact: true })).toBeEnabled();
  const ask = async (text: string) => {
    await learner.getByLabel('Your question').fill(text);
    await learner.getByRole('button', { name: 'Ask', exact: true }).click();
    await expect(thread.locator('.bubble-learner').filter({ hasText: text })).toBeVisible();
  };

  // A question a lesson answers: the passage, and the lesson's card.
  await ask('How do I prove a cable is dead?');
  const answer = thread.locator('.bubble-coach').filter({ hasText: 'This lesson answers that:' });
  await expect(answer).toBeVisible();
  await expect(answer.locator('.lesson-card')).toContainText('Safe isolation before jointing');
  await expect(answer.locator('.passage')).toContainText(/dead/i);
  await answer.scrollIntoViewIfNeeded();
  await learner.screenshot({ path: '../docs/screenshots/coach-answer.png' });

  // Nonsense: the coach says it found nothing, and passes it on when asked.
  await ask('purple giraffes compose symphonies');
  const none = thread.locator('.bubble-coach').filter({ hasText: "I couldn't find a lesson" });
  await expect(none).toBeVisible();
  await none.getByRole('button', { name: 'Ask my mentor' }).click();
  await expect(thread.getByText('Done: your mentor has your question')).toBeVisible();

  // An injury goes to a human at once, with what to do now.
  await ask("I think I'm injured");
  await expect(thread.locator('.bubble-coach').filter({ hasText: 'call 999' })).toBeVisible();
  await learner.screenshot({ path: '../docs/screenshots/coach-thread.png' });

  // Offline: the thread stays, a question waits on the phone and goes once back online.
  await learnerContext.setOffline(true);
  await learner.getByLabel('Your question').fill('What PPE do I need for LV live jointing?');
  await learner.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(thread.locator('.bubble-waiting')).toContainText('Waiting to send');
  await expect(learner.getByText("You're offline")).toBeVisible();
  await learnerContext.setOffline(false);

  // The mentor answers from the inbox on a phone.
  const mentorContext = await browser.newContext();
  const mentor = await mentorContext.newPage();
  mentor.on('pageerror', (e) => crashes.push(e.message));
  await signIn(mentor, 'mentor@demo.flowline.test');
  await mentor.goto('/instructor');
  await hydrated(mentor);
  await mentor.getByRole('link', { name: 'Questions inbox' }).click();
  await expect(mentor).toHaveURL(/\/instructor\/inbox/);
  await hydrated(mentor);
  const item = mentor.locator('.inbox-item').filter({ hasText: "I think I'm injured" }).filter({ hasText: 'Casey Coach' });
  await expect(item.locator('.reason-chip')).toHaveText('Safety');
  await expect(item).toContainText('Focus');
  await mentor.screenshot({ path: '../docs/screenshots/mentor-inbox.png' });
  const reply = 'Stop work now and see the first aider. I am on my way: call me on the site phone.';
  await expect(item.getByRole('button', { name: 'Send answer' })).toBeEnabled();
  await item.getByLabel('Your answer').fill(reply);
  await item.getByRole('button', { name: 'Send answer' }).click();
  await expect(item.getByText(/Answered by Morgan Mentor/)).toBeVisible();

  // Back online, the apprentice opens the coach: the waiting question is sent, and the
  // mentor's answer is in the thread.
  await learner.goto('/coach');
  await hydrated(learner);
  await expect(learner.getByRole('button', { name: 'Ask', exact: true })).toBeEnabled();
  const fromMentor = thread.locator('.bubble-mentor');
  await expect(fromMentor).toContainText(reply);
  await expect(fromMentor).toContainText('Your mentor');
  await expect(thread.locator('.bubble-learner').filter({ hasText: 'What PPE do I need for LV live jointing?' })).toBeVisible();
  await expect(thread.locator('.bubble-waiting')).toHaveCount(0);
  expect(crashes).toEqual([]);
});

test('an apprentice puts the coach on WhatsApp from Me, with their consent, and takes it off', async ({ page }) => {
  const crashes: string[] = [];
  page.on('pageerror', (e) => crashes.push(e.message));
  const { email, password } = await register(page, 'whatsapp', 'Wren WhatsApp', false);
  await signIn(page, email, password);
  await page.goto('/me');
  await hydrated(page);
  const card = page.locator('#whatsapp');
  await expect(card.getByRole('heading', { name: 'Coach on WhatsApp' })).toBeVisible();

  // A number without its country code, then no consent: each says what is wrong.
  await card.getByLabel('Mobile number').fill('07700 900123');
  await card.getByRole('checkbox').check();
  await card.getByRole('button', { name: 'Turn on WhatsApp' }).click();
  await expect(card.getByRole('alert')).toContainText('country code');
  await card.getByLabel('Mobile number').fill('+44 7700 900123');
  await card.getByRole('checkbox').uncheck();
  await card.getByRole('button', { name: 'Turn on WhatsApp' }).click();
  await expect(card.getByRole('alert')).toContainText('Tick the box');

  await card.getByRole('checkbox').check();
  await expect(card.getByRole('alert')).toHaveCount(0);
  await expect(card).toContainText('replying STOP');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../docs/screenshots/me-whatsapp.png' });
  await card.getByRole('button', { name: 'Turn on WhatsApp' }).click();
  await expect(card.getByRole('status')).toContainText('On for +44 ••• ••• 123');

  // It stays on after a reload, and goes off with one tap.
  await page.reload();
  await hydrated(page);
  await expect(card.getByRole('status')).toContainText('On for +44 ••• ••• 123');
  await card.getByRole('button', { name: 'Turn off WhatsApp' }).click();
  await expect(card.getByRole('button', { name: 'Turn on WhatsApp' })).toBeVisible();
  expect(crashes).toEqual([]);
});

test('a nudge pushed to the phone shows as a notification, and tapping it opens the coach', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  await context.grantPermissions(['notifications'], { origin: baseURL });
  const page = await context.newPage();
  await register(page, 'pushed', 'Pat Pushed');
  await page.goto('/me');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Notifications on this device' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Turn on notifications' })).toBeVisible();
  // The service worker is installed and controls the page.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);

  // The push service delivers a message (as the server encrypted it; the browser has decrypted it).
  const cdp = await context.newCDPSession(page);
  const registrations = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    for (const r of e.registrations) registrations.set(r.scopeURL, r.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => registrations.size).toBeGreaterThan(0);
  const registrationId = [...registrations.values()][0];
  const origin = new URL(baseURL!).origin;
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin,
    registrationId,
    data: JSON.stringify({ title: 'Flowline', body: "Haven't seen you in 3 days: one lesson keeps your streak.", url: '/coach', tag: 'nudge-test' }),
  });
  await expect
    .poll(() => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => `${n.title}: ${n.body}`)))
    .toEqual(["Flowline: Haven't seen you in 3 days: one lesson keeps your streak."]);

  // Tapping it (the event a tap fires in the worker) brings Flowline to the coach.
  const worker = context.serviceWorkers()[0];
  await worker.evaluate(async () => {
    const [n] = await (self as any).registration.getNotifications();
    self.dispatchEvent(new (self as any).NotificationEvent('notificationclick', { notification: n }));
  });
  await expect(page).toHaveURL(/\/coach$/);
  await context.close();
});
