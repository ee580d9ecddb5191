import { expect, type Page } from '@playwright/test';

/** Waits until the WebAssembly app has taken over the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated]')).toBeAttached();
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export const DEMO_PASSWORD = 'flowline-demo';
