import { expect, newPerson, test, unique, type Page } from './helpers';
import type { Browser, Locator } from '@playwright/test';

/**
 * The main journey — post, validate, unlock, offer, agreement, deposit,
 * release — done in French, by French labels, with the keyboard only: every
 * control is reached with Tab from where the focus already is (so it is in
 * the focus order and visible to a keyboard user), then typed into, chosen
 * with the arrow keys, or pressed with Enter or Space. No click, no
 * `fill`, no `check`, no `selectOption`.
 */

/** Presses Tab until `target` has the focus; fails if it never gets it. */
async function tabTo(page: Page, target: Locator, most = 250) {
  await expect(target).toBeVisible();
  for (let i = 0; i < most; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

async function press(page: Page, target: Locator) {
  await tabTo(page, target);
  await page.keyboard.press('Enter');
}

async function type(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** Space toggles a checkbox once it has the focus. */
async function tick(page: Page, target: Locator) {
  await tabTo(page, target);
  await page.keyboard.press('Space');
  await expect(target).toBeChecked();
}

/** The arrow keys walk a closed select's options until `label` is chosen. */
async function choose(page: Page, select: Locator, label: string | RegExp) {
  await tabTo(page, select);
  const chosen = () => select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? '');
  const count = await select.locator('option').count();
  await page.keyboard.press('Home');
  for (let i = 0; i <= count; i++) {
    const text = await chosen();
    if (typeof label === 'string' ? text === label : label.test(text)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no option ${label} in ${select}`);
}

function frenchPerson(browser: Browser): Promise<Page> {
  return newPerson(browser, 'fr-FR');
}

async function logIn(page: Page, email: string) {
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await type(page, page.getByLabel('Adresse e-mail'), email);
  await type(page, page.getByLabel('Mot de passe', { exact: true }), 'demo-password');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

/** Types the date `days` ahead into a date field, day, month and year in
 * the order the browser shows them (its own locale's, not the page's). */
async function typeDate(page: Page, field: Locator, days: number) {
  const d = new Date(Date.now() + days * 86400e3);
  const two = (n: number) => String(n).padStart(2, '0');
  const [y, m, day] = [String(d.getFullYear()), two(d.getMonth() + 1), two(d.getDate())];
  const probe = await page.context().newPage();
  await probe.setContent('<input id="d" type="date">');
  await probe.locator('#d').focus();
  await probe.keyboard.type('01022003');
  const monthFirst = (await probe.locator('#d').inputValue()) === '2003-01-02';
  await probe.close();
  await tabTo(page, field);
  await page.keyboard.type(monthFirst ? `${m}${day}${y}` : `${day}${m}${y}`);
  await expect(field).toHaveValue(`${y}-${m}-${day}`);
}

test('the main journey in French, with the keyboard only', async ({ browser }) => {
  test.setTimeout(180_000);
  const tag = unique();
  const title = `Site vitrine pour un fleuriste ${tag}`;

  // Claire posts a project.
  const claire = await frenchPerson(browser);
  await logIn(claire, 'claire@demo.test');
  await press(claire, claire.getByRole('link', { name: 'Déposer un projet' }).first());
  await expect(claire.getByRole('heading', { name: 'Déposer un projet' })).toBeVisible();
  await type(claire, claire.getByLabel('Titre'), title);
  await type(claire, claire.getByLabel('Description'), `Cinq pages, un formulaire de commande et la carte des livraisons. Réf. ${tag}.`);
  await tick(claire, claire.getByRole('checkbox', { name: 'Développement web' }));
  await choose(claire, claire.getByLabel('Région'), 'À distance');
  await type(claire, claire.getByLabel('Budget à partir de (€)'), '2 000');
  await type(claire, claire.getByLabel('Budget jusqu’à (€)'), '5 000,00');
  await typeDate(claire, claire.getByLabel('Début souhaité'), 20);
  await type(claire, claire.getByLabel('Votre téléphone'), '06 12 34 56 78');
  await press(claire, claire.getByRole('button', { name: 'Déposer le projet' }));
  await expect(claire.getByText(/Le projet n° \d+ est déposé/)).toBeVisible();

  // Staff validate it.
  const staff = await frenchPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/queue');
  await press(staff, staff.getByRole('button', { name: `Valider « ${title} »` }));
  await expect(staff.getByText(/Projet validé/)).toBeVisible();

  // Paul finds it, unlocks the offer with a credit and makes his offer.
  const paul = await frenchPerson(browser);
  await logIn(paul, 'paul@demo.test');
  await paul.goto(`/feed?all=1&q=${tag}`);
  await press(paul, paul.getByRole('link', { name: title }));
  await expect(paul.getByRole('heading', { name: title })).toBeVisible();
  await press(paul, paul.getByRole('button', { name: 'Débloquer offre pour 1 crédit' }));
  const editor = paul.getByRole('region', { name: 'Faire une offre' });
  await type(paul, editor.getByLabel('Montant (€)'), '3 500');
  await type(paul, editor.getByLabel('Durée (jours)'), '30');
  await type(paul, editor.getByLabel('Message au client'), 'J’ai réalisé trois sites de fleuristes cette année.');
  await press(paul, editor.getByRole('button', { name: 'Envoyer l’offre' }));
  await expect(paul.getByRole('region', { name: 'Votre offre' })).toBeVisible();
  const projectUrl = paul.url();

  // Claire chooses Paul with a zero-risk plan of two tranches.
  await claire.goto(projectUrl);
  const accord = claire.getByRole('region', { name: 'Accord' });
  await choose(claire, accord.getByLabel('Prestataire', { exact: true }), /^Paul Durand · 3\s500,00\s€$/);
  await type(claire, accord.getByLabel('Périmètre'), 'Conception et réalisation du site, avec deux séries de retouches.');
  await type(claire, accord.getByLabel('Montant convenu (€)'), '3 500');
  await type(claire, accord.getByLabel('Libellé de la tranche 1'), 'Maquettes');
  await type(claire, accord.getByLabel('Montant de la tranche 1 (€)'), '1 000');
  await press(claire, accord.getByRole('button', { name: 'Ajouter une tranche' }));
  await type(claire, accord.getByLabel('Libellé de la tranche 2'), 'Réalisation');
  await type(claire, accord.getByLabel('Montant de la tranche 2 (€)'), '2 500');
  await type(claire, accord.getByLabel('Phrase de confirmation'), 'Seul l’argent déposé est garanti');
  await press(claire, accord.getByRole('button', { name: 'Choisir et envoyer l’accord' }));
  await expect(accord.getByRole('status').filter({ hasText: /Accord envoyé/ })).toBeVisible();

  // Paul confirms and signs.
  await paul.reload();
  const terms = paul.getByRole('region', { name: 'Accord' });
  await press(paul, terms.getByRole('button', { name: 'Confirmer et signer' }));
  await expect(terms.getByRole('status').filter({ hasText: /le projet est en cours/ })).toBeVisible();

  // Claire deposits into the first tranche, then releases part of it.
  await claire.goto(projectUrl);
  const payments = claire.getByRole('region', { name: 'Paiements (séquestre)' });
  const deposit = payments.getByRole('form', { name: 'Dépôt' });
  await choose(claire, deposit.getByLabel('Tranche'), /^Maquettes/);
  await type(claire, deposit.getByLabel('Montant à déposer (€)'), '1 000,00');
  await type(claire, deposit.getByLabel('Numéro de carte'), '4242 4242 4242 4242');
  await press(claire, deposit.getByRole('button', { name: 'Payer sur le séquestre' }));
  await expect(deposit.getByRole('status')).toContainText(/1\s000,00\s€/);

  const release = payments.getByRole('form', { name: 'Libérer' });
  await choose(claire, release.getByLabel('Tranche'), /^Maquettes/);
  await type(claire, release.getByLabel('Montant à libérer (€)'), '400');
  await press(claire, release.getByRole('button', { name: 'Libérer au prestataire' }));

  // Paul's open page shows the release in his history, in French.
  await paul.goto(projectUrl);
  const his = paul.getByRole('region', { name: 'Paiements (séquestre)' });
  await expect(his.getByTestId('payout-available')).toHaveText(/^400,00\s€$/);
  await expect(his).toContainText(/400,00\s€ de « Maquettes » libérés au prestataire/);
});
