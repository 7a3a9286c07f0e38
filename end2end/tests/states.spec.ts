import type { Browser, Page } from '@playwright/test';
import { problemsOn } from './checks';
import { agreedProjectInFrench, expect, logIn, newPerson, signUp, test, unique } from './helpers';

/**
 * The pages in states the demo data never shows — a frozen escrow, a
 * decided dispute, a refused certification, a suspended account — pass the
 * same checks as every other page (see checks.ts): axe-core's WCAG 2.1 A/AA
 * rules, no English left in French, no unfilled placeholder; in French, and
 * in English for the same person.
 */

/** The same demo account in an English browser (the demo accounts never
 * chose a language, so the browser's decides and nothing is saved). */
async function inEnglish(browser: Browser, email: string): Promise<Page> {
  const page = await newPerson(browser, 'en-US');
  await logIn(page, email);
  return page;
}

/** Opens `path` on each page and gathers what is wrong with it. */
async function check(found: string[], path: string, pages: [Page, 'fr' | 'en'][]) {
  for (const [page, lang] of pages) {
    await page.goto(path);
    await expect(page.getByRole('contentinfo'), path).toBeVisible();
    await expect(page.locator('html'), path).toHaveAttribute('lang', lang);
    await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
    found.push(...(await problemsOn(page, `${path} (${lang})`)));
  }
}

/** Checks the page as it is in French, then switches the person's own
 * language to English, checks it again, and switches back. */
async function checkSwitching(found: string[], page: Page, where: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
  found.push(...(await problemsOn(page, `${where} (fr)`)));
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
  found.push(...(await problemsOn(page, `${where} (en)`)));
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
}

test('a disputed escrow and its decision read well in French and in English, for each party and for staff', async ({ browser }) => {
  test.setTimeout(240_000);
  const { claire, staff, paul, projectUrl } = await agreedProjectInFrench(browser);
  const found: string[] = [];

  // Paul declares a dispute: the escrow is frozen for both.
  const payments = (page: Page) => page.getByRole('region', { name: 'Paiements (séquestre)' });
  await payments(paul).getByText('Déclarer un litige').click();
  await payments(paul).getByLabel('Ce qui ne va pas').fill('Le client demande des pages hors du périmètre convenu.');
  await payments(paul).getByRole('button', { name: 'Déclarer le litige' }).click();
  await claire.reload();
  await expect(payments(claire).getByRole('alert').filter({ hasText: 'Gelé par un litige.' })).toBeVisible();

  const claireEn = await inEnglish(browser, 'claire@demo.test');
  const paulEn = await inEnglish(browser, 'paul@demo.test');
  const staffEn = await inEnglish(browser, 'staff@demo.test');
  const people = {
    claire: [[claire, 'fr'], [claireEn, 'en']] as [Page, 'fr' | 'en'][],
    paul: [[paul, 'fr'], [paulEn, 'en']] as [Page, 'fr' | 'en'][],
    staff: [[staff, 'fr'], [staffEn, 'en']] as [Page, 'fr' | 'en'][],
  };
  const everyone = async () => {
    for (const who of [people.claire, people.paul]) {
      for (const path of [projectUrl, '/dashboard', '/notifications']) await check(found, path, who);
    }
    for (const path of [projectUrl, '/staff/escrow', '/dashboard']) await check(found, path, people.staff);
  };
  await everyone();

  // Staff decide: 600 € to Paul, 400 € back to Claire.
  await staff.goto(projectUrl);
  const decide = payments(staff).getByRole('form', { name: 'Trancher le litige' });
  await decide.getByLabel('Maquettes au prestataire (€)').fill('600');
  await decide.getByLabel('Maquettes rendu au client (€)').fill('400');
  await decide.getByLabel('Décision, telle que les parties la liront').fill('Les maquettes ont été livrées en partie.');
  await decide.getByRole('button', { name: 'Trancher' }).click();
  await expect(payments(staff).getByText('Litiges tranchés')).toBeVisible();
  await claire.goto(projectUrl);
  await expect(payments(claire).getByText('Litiges tranchés')).toBeVisible();
  await everyone();

  expect(found, found.join('\n')).toEqual([]);
});

test('a refused certification and a suspended account read well in French and in English', async ({ browser }) => {
  test.setTimeout(240_000);
  const tag = unique();
  const name = `Rémi Refusé ${tag}`;
  const email = `remi-${tag}@example.com`;
  const found: string[] = [];

  // Rémi signs up in French and applies with three references.
  const remi = await newPerson(browser, 'fr-FR');
  await signUp(remi, 'provider', name, email, { lang: 'fr' });
  await remi.goto('/certification');
  const form = remi.getByRole('form', { name: 'Demander la certification' });
  for (const n of [1, 2, 3]) {
    const ref = form.getByRole('group', { name: new RegExp(`^Référence ${n}`) });
    await ref.getByLabel('Nom du client').fill(`Client ${n} ${tag}`);
    await ref.getByLabel('Entreprise').fill(`Boulangerie ${n}`);
    await ref.getByLabel('E-mail').fill(`ref${n}-${tag}@example.org`);
    await ref.getByLabel('Téléphone').fill('06 12 34 56 7' + n);
    await ref.getByLabel('Ce que vous avez fait pour lui').fill(`Une boutique en ligne avec retrait en magasin, n° ${n}.`);
    await ref.getByLabel('Montant (€)').fill('4 500');
    await ref.getByLabel('Année').fill('2024');
  }
  await form.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  await expect(remi.getByRole('status')).toContainText('Votre candidature est envoyée');
  await checkSwitching(found, remi, '/certification, under review');

  // Staff find one reference unconfirmed and refuse, with a reason.
  const staff = await newPerson(browser, 'fr-FR');
  await logIn(staff, 'staff@demo.test', undefined, 'fr');
  const staffEn = await inEnglish(browser, 'staff@demo.test');
  await staff.goto('/staff/certifications');
  const application = staff.getByRole('article', { name: `Candidature de ${name}` });
  await application.getByLabel('Résultat de la référence 1').selectOption({ label: 'Non confirmée' });
  await application.getByLabel('Notes sur la référence 1').fill('Le client ne connaît pas ce prestataire.');
  await application.getByRole('button', { name: 'Noter la vérification de la référence 1' }).click();
  await expect(staff.getByRole('status')).toContainText('La vérification est notée');
  await check(found, '/staff/certifications', [[staff, 'fr'], [staffEn, 'en']]);
  await application.getByText('Refuser…').click();
  await application.getByLabel(`Pourquoi ${name} n’est pas certifié (il le lira)`).fill('Une référence ne confirme pas le projet.');
  await application.getByRole('button', { name: 'Refuser la candidature' }).click();
  await expect(staff.getByRole('status')).toContainText('Refusée');
  await check(found, '/staff/certifications', [[staff, 'fr'], [staffEn, 'en']]);

  await remi.goto('/certification');
  await expect(remi.getByText(/Votre dernière candidature a été refusée\s*:\s*Une référence ne confirme pas le projet\./)).toBeVisible();
  await checkSwitching(found, remi, '/certification, refused');
  await remi.goto('/notifications');
  await checkSwitching(found, remi, '/notifications');

  // Staff suspend Rémi; his history tells the story.
  await staff.goto('/staff/people?q=' + encodeURIComponent(email));
  await staff.getByRole('list', { name: 'Personnes trouvées' }).getByRole('link', { name }).click();
  await expect(staff.getByRole('heading', { level: 1, name })).toBeVisible();
  const personUrl = new URL(staff.url()).pathname;
  await staff.getByText('Suspendre le compte').click();
  await staff.getByLabel('Raison (gardée dans l’historique du compte)').fill('Des factures pour un travail jamais fait.');
  await staff.getByRole('button', { name: 'Suspendre', exact: true }).click();
  await expect(staff.getByRole('status')).toContainText('Le compte est suspendu');
  await expect(staff.getByRole('list', { name: 'Historique du compte' })).toContainText('Certification refusée');
  await check(found, personUrl, [[staff, 'fr'], [staffEn, 'en']]);

  // Rémi's session is over, and logging in again tells him why.
  await remi.reload();
  await expect(remi.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0);
  await remi.goto('/login');
  await remi.getByLabel('Adresse e-mail').fill(email);
  await remi.getByLabel('Mot de passe', { exact: true }).fill('a long enough password');
  await remi.getByRole('button', { name: 'Se connecter' }).click();
  await expect(remi.getByText(/Ce compte est suspendu\s*:\s*Des factures pour un travail jamais fait\./)).toBeVisible();
  await remi.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
  found.push(...(await problemsOn(remi, '/login, suspended (fr)')));

  expect(found, found.join('\n')).toEqual([]);
});
