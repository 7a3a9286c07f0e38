import type { Browser, Page } from '@playwright/test';
import { expect, logIn, newPerson, test, unique } from './helpers';

async function visitor(browser: Browser, locale: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled });
  return context.newPage();
}

test('the help centre answers by section and finds “mot de passe” from “mot passe oublie”, without JavaScript', async ({ browser }) => {
  const page = await visitor(browser, 'fr-FR', false);
  await page.goto('/');
  await page.getByRole('link', { name: 'Aide', exact: true }).click();
  await expect(page).toHaveURL(/\/aide$/);
  await expect(page.getByRole('heading', { name: 'Centre d’aide', level: 1 })).toBeVisible();
  for (const section of ['Clients', 'Prestataires', 'Crédits', 'Paiements', 'Votre compte']) {
    await expect(page.getByRole('heading', { name: section, level: 2 })).toBeVisible();
  }
  await page.getByLabel('Rechercher dans l’aide').fill('mot passe oublie');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/\/aide\?q=mot\+passe\+oublie$/);
  const first = page.getByRole('main').getByRole('listitem').first().getByRole('link');
  await expect(first).toHaveText('J’ai perdu mon mot de passe, comment le récupérer ?');
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('J’ai perdu mon mot de passe, comment le récupérer ?');
  await page.getByRole('link', { name: 'Aller à la page' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);

  // Nothing found: said, with the way back to every question.
  await page.goto('/aide?q=xyzzy');
  await expect(page.getByText('Aucune question ne correspond à cette recherche.', { exact: false })).toBeVisible();
});

test('an English visitor reads and searches the help in English', async ({ browser }) => {
  const page = await visitor(browser, 'en-GB');
  await page.goto('/help?q=forgot+password');
  await expect(page.getByRole('link', { name: 'I lost my password: how do I get it back?' })).toBeVisible();
  await page.goto('/help');
  // Switched in place once the page has woken up (a switch clicked while
  // it hydrates can leave the help's own text in English: see the README).
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', '');
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { name: 'Centre d’aide', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Prestataires', level: 2 })).toBeVisible();
});

test('staff edit an answer: a new version, online at once, the old one kept', async ({ browser }) => {
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/aide');
  await staff.getByRole('link', { name: 'What are the three kinds of credits for?' }).click();
  const tag = unique();
  const english = staff.getByRole('group', { name: 'English' });
  await english.getByLabel('Answer').fill(`Three kinds, each unlocking one thing for one project (${tag}).`);
  await staff.getByRole('button', { name: 'Save a new version' }).click();
  await expect(staff.getByText('Saved: the new version is online.')).toBeVisible();
  const versions = staff.getByRole('table');
  await expect(versions.getByRole('row', { name: /^en 2 / })).toBeVisible();
  await expect(versions.getByRole('row', { name: /^en 1 / })).toBeVisible();

  // A mistake is refused beside its field, and nothing is saved.
  await english.getByLabel('Answer').fill('short');
  await staff.getByRole('button', { name: 'Save a new version' }).click();
  await expect(staff.getByText('At least 10 characters.', { exact: true })).toBeVisible();

  const reader = await newPerson(browser);
  await reader.goto('/help/credit-kinds');
  await expect(reader.getByText(`Three kinds, each unlocking one thing for one project (${tag}).`)).toBeVisible();
});
