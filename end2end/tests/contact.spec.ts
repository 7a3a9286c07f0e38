import type { Browser, Page } from '@playwright/test';
import { expect, logIn, mailTo, newPerson, test, unique } from './helpers';

async function visitor(browser: Browser, locale: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled });
  return context.newPage();
}

test('a visitor writes from the contact page and staff answer by email, in the visitor’s language', async ({ browser }) => {
  const email = `ines-${unique()}@example.fr`;
  const page = await visitor(browser, 'fr-FR', false);
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Contact' }).click();
  await expect(page.getByRole('heading', { name: 'Nous contacter', level: 1 })).toBeVisible();

  // A mistake first: each field says what is wrong, what was typed stays.
  await page.getByLabel('Votre nom').fill('Inès Martin');
  await page.getByLabel('Votre adresse e-mail').fill('ines@exemple');
  await page.getByLabel('Votre message').fill('Bonjour, mon virement de la tranche Design n’est pas arrivé.');
  await page.getByRole('button', { name: 'Envoyer le message' }).click();
  await expect(page.getByText('Saisissez une adresse comme nom@exemple.fr.')).toBeVisible();
  await expect(page.getByText('Choisissez le sujet de votre message.')).toBeVisible();
  await expect(page.getByLabel('Votre nom')).toHaveValue('Inès Martin');
  await page.getByLabel('Votre adresse e-mail').fill(email);
  await page.getByLabel('Sujet').selectOption({ label: 'Un paiement ou des frais' });
  await page.getByRole('button', { name: 'Envoyer le message' }).click();
  await expect(page.getByRole('status')).toContainText('Message envoyé');

  // Staff find it in the inbox and answer.
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/inbox');
  const message = staff.getByRole('article').filter({ hasText: email });
  await expect(message).toContainText('Waiting for an answer');
  await expect(message).toContainText('mon virement de la tranche Design');
  await message.getByLabel('Your answer (sent by email)').fill('Bonjour Inès, le virement est parti ce matin.');
  await message.getByRole('button', { name: 'Send the answer' }).click();
  await expect(staff.getByRole('status')).toContainText('Answer sent by email.');
  await expect(staff.getByRole('article').filter({ hasText: email })).toContainText('Answered');

  // The answer arrives in French, with the question recalled.
  const mail = await mailTo(email, 'Réponse à votre message');
  expect(mail.text).toContain('Bonjour Inès Martin,');
  expect(mail.text).toContain('le virement est parti ce matin');
  expect(mail.text).toContain('mon virement de la tranche Design');
});
