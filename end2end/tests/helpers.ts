import { test as base, expect, type Browser, type Page } from '@playwright/test';

/** Panics printed by the wasm (a hydration mismatch, say) in any page of a test. */
const panics: string[] = [];

function watch(page: Page) {
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('panicked')) panics.push(m.text().split('\n')[0]);
  });
  page.on('pageerror', (e) => panics.push(String(e)));
}

/** Playwright's `test`, failing any test during which the app panicked in the browser. */
export const test = base.extend<{ noPanics: void }>({
  noPanics: [
    async ({}, use) => {
      panics.length = 0;
      await use();
      expect(panics, 'the app panicked in the browser').toEqual([]);
    },
    { auto: true },
  ],
  page: async ({ page }, use) => {
    watch(page);
    await use(page);
  },
});
export { expect };

export const DEMO_PASSWORD = 'demo-password';

/** A suffix that makes names unique per run, so tests never collide. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** A fresh page in its own browser context: one person, one cookie jar. */
export async function newPerson(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  watch(page);
  return page;
}

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
}

export async function signUp(page: Page, role: 'client' | 'provider', name: string, email: string) {
  await page.goto('/signup');
  await page.getByLabel(role === 'client' ? /A client/ : /A provider/).check();
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
}
