import type { Browser, Page } from '@playwright/test';
import { expect, signUp, test, unique } from './helpers';

/** A visitor whose browser asks for `locale` first. */
async function visitor(browser: Browser, locale: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled });
  return context.newPage();
}

test('a French browser gets the site in French, an English one in English', async ({ browser }) => {
  const fr = await visitor(browser, 'fr-FR');
  await fr.goto('/');
  await expect(fr.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(fr.getByRole('heading', { level: 1 })).toHaveText('Faites réaliser vos projets, avec un argent en sécurité.');
  await expect(fr.getByRole('navigation').getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expect(fr.getByRole('button', { name: 'English' })).toHaveAttribute('lang', 'en');

  const en = await visitor(browser, 'en-GB');
  await en.goto('/');
  await expect(en.locator('html')).toHaveAttribute('lang', 'en');
  await expect(en.getByRole('heading', { level: 1 })).toHaveText('Get projects done, with money you can trust.');
  await expect(en.getByRole('button', { name: 'Français' })).toHaveAttribute('lang', 'fr');

  // A language the product does not speak: French, the default.
  const de = await visitor(browser, 'de-DE');
  await de.goto('/');
  await expect(de.locator('html')).toHaveAttribute('lang', 'fr');
});

test('switching language keeps the page and what was typed, and is remembered', async ({ browser }) => {
  const page = await visitor(browser, 'fr-FR');
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  // Once the page runs (before, the switch is a plain form post, which
  // reloads the page).
  await expect(page.locator('form[data-hydrated]')).toBeAttached();
  await page.locator('input[name=email]').fill('someone@example.com');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Log in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('input[name=email]')).toHaveValue('someone@example.com');
  // The choice outlives the page: the server renders the next one in it.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Se connecter' })).toBeVisible();
});

test('the switch works without JavaScript', async ({ browser }) => {
  const page = await visitor(browser, 'fr-FR', false);
  await page.goto('/signup?role=provider');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/signup\?role=provider$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Log in' })).toBeVisible();
});

test('a signed-in person’s chosen language follows them to another browser', async ({ browser }) => {
  const email = `lea-${unique()}@example.com`;
  const page = await visitor(browser, 'en-US');
  await signUp(page, 'client', 'Léa Langue', email, { verify: false });
  // The page switches at once; the account keeps the choice when the
  // server has answered.
  // Before the wasm, the switch posts the form and is sent back (303).
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/lang') && r.status() < 400);
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('link', { name: 'Tableau de bord' })).toBeVisible();
  await saved;

  // Another browser, in English: once logged in, the account's French.
  const other = await visitor(browser, 'en-US');
  await other.goto('/login');
  await expect(other.locator('html')).toHaveAttribute('lang', 'en');
  await other.locator('input[name=email]').fill(email);
  await other.locator('input[name=password]').fill('a long enough password');
  await other.locator('form button[type=submit]').last().click();
  await expect(other.getByRole('link', { name: 'Tableau de bord' })).toBeVisible();
  await other.goto('/');
  await expect(other.locator('html')).toHaveAttribute('lang', 'fr');
});
