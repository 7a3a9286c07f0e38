import { expect, logIn, newPerson, signUp, test, unique } from './helpers';

// Runs last (files run in name order): publishing a version asks everyone
// to accept it, which the other tests do not expect.

test('the terms show their version, each acceptance is dated, and a new version is asked for', async ({ browser }) => {
  const page = await newPerson(browser);
  await signUp(page, 'client', 'Tess Terms', `tess-${unique()}@example.com`, { verify: false });
  await page.goto('/terms');
  await expect(page.getByRole('heading', { name: 'Terms of use and sale', level: 1 })).toBeVisible();
  await expect(page.getByText(/^You accepted this version on \d+ \w+ \d{4}, \d\d:\d\d UTC/)).toBeVisible();
  await expect(page.getByRole('heading', { name: '8. Zero-risk formula and escrow' })).toBeVisible();
  await expect(page.getByRole('button', { name: /I accept version/ })).toHaveCount(0);

  // Staff publish version 2, in both languages.
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/conditions');
  await staff.getByRole('button', { name: 'Publish the new version' }).click();
  await expect(staff.getByText('This field is required.').first()).toBeVisible();
  const body = (lang: string) => `## 1. ${lang}\n` + 'The platform connects clients and providers. '.repeat(8);
  await staff.getByLabel('What changes (French)').fill('Les frais de risque 0 sont précisés.');
  await staff.getByLabel('What changes (English)').fill('The zero-risk fee is spelt out.');
  await staff.getByLabel('Full text (French)').fill(body('Objet'));
  await staff.getByLabel('Full text (English)').fill(body('Purpose'));
  await staff.getByRole('button', { name: 'Publish the new version' }).click();
  await expect(staff.getByRole('status')).toContainText('New version published');
  await expect(staff.getByRole('row', { name: /The zero-risk fee is spelt out/ }).first()).toBeVisible();

  // The signed-in client is asked, accepts, and is not asked again.
  await page.goto('/dashboard');
  await expect(page.getByText('Our terms have changed: read the new version and accept it.')).toBeVisible();
  await page.getByRole('link', { name: 'Read and accept' }).click();
  await expect(page.getByRole('heading', { name: '1. Purpose' })).toBeVisible();
  await page.getByRole('button', { name: /I accept version/ }).first().click();
  await expect(page.getByRole('status').filter({ hasText: 'your acceptance is recorded' })).toBeVisible();
  await expect(page.getByText(/^You accepted this version on/)).toBeVisible();
  const versions = page.getByRole('table');
  await expect(versions.getByRole('row', { name: /First version\./ })).toBeVisible();
  await expect(versions.getByRole('row', { name: /The zero-risk fee is spelt out/ }).first()).toBeVisible();
  await page.goto('/dashboard');
  await expect(page.getByRole('link', { name: 'Log out' }).or(page.getByRole('button', { name: 'Log out' }))).toBeVisible();
  await expect(page.getByText('Our terms have changed')).toHaveCount(0);

  // The first version stays readable, marked as no longer in force.
  await page.goto('/conditions?version=1');
  await expect(page.getByText('This is not the version in force.')).toBeVisible();
});
