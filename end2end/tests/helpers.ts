import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

/** Panics printed by the wasm (a hydration mismatch, say), and anything
 * the Content-Security-Policy refused, in any page of a test. */
const panics: string[] = [];

function watch(page: Page) {
  page.on('console', (m) => {
    const text = m.text();
    const refused = /Content Security Policy|Refused to (execute|load|apply|connect|frame)/.test(text);
    if (m.type() === 'error' && (text.includes('panicked') || refused)) panics.push(text.split('\n').slice(0, 4).join(' | '));
  });
  page.on('pageerror', (e) => panics.push(String(e)));
}

/** The browser contexts `newPerson` opened during the current test. */
const opened: BrowserContext[] = [];

/** Playwright's `test`, failing any test during which the app panicked in
 * the browser or the page's security policy refused something it loads.
 * Each person's browser is closed when the test ends, so the live feeds
 * their pages hold open do not pile up on the server across tests. */
export const test = base.extend<{ noPanics: void }>({
  noPanics: [
    async ({}, use) => {
      panics.length = 0;
      await use();
      for (const context of opened.splice(0)) await context.close().catch(() => {});
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

/** A fresh page in its own browser context: one person, one cookie jar
 * (and a browser in `locale`, which picks a first visit's language). */
export async function newPerson(browser: Browser, locale?: string): Promise<Page> {
  const context = await browser.newContext(locale ? { locale } : {});
  opened.push(context);
  const page = await context.newPage();
  watch(page);
  return page;
}

/** The log-in form's words in each language. */
const LOG_IN = {
  en: { email: 'Email', password: 'Password', logIn: 'Log in', logOut: 'Log out' },
  fr: { email: 'Adresse e-mail', password: 'Mot de passe', logIn: 'Se connecter', logOut: 'Se déconnecter' },
};

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD, lang: 'en' | 'fr' = 'en') {
  const w = LOG_IN[lang];
  await page.goto('/login');
  await page.getByLabel(w.email).fill(email);
  await page.getByLabel(w.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: w.logIn }).click();
  await expect(page.getByRole('button', { name: w.logOut })).toBeVisible();
}

/** The sign-up form's and the confirmation's words in each language. */
const SIGN_UP = {
  en: {
    client: /A client/, provider: /A provider/, name: 'Display name', email: 'Email', password: 'Password',
    terms: /accept the terms of use/, create: 'Create account', logOut: 'Log out',
    subject: 'Confirm your email address', confirm: 'Confirm my email', confirmed: 'Your email address is confirmed.',
  },
  fr: {
    client: /Un client/, provider: /Un prestataire/, name: 'Nom affiché', email: 'Adresse e-mail', password: 'Mot de passe',
    terms: /j’accepte les conditions générales/, create: 'Créer mon compte', logOut: 'Se déconnecter',
    subject: 'Confirmez votre adresse e-mail', confirm: 'Confirmer mon adresse', confirmed: 'Votre adresse e-mail est confirmée.',
  },
};

/** Signs up, then confirms the address from the email it was sent, as a
 * person does (`verify: false` leaves it unconfirmed); in `lang`, which the
 * page must already show. */
export async function signUp(
  page: Page,
  role: 'client' | 'provider',
  name: string,
  email: string,
  { verify = true, lang = 'en' as 'en' | 'fr' } = {},
) {
  const w = SIGN_UP[lang];
  await page.goto('/signup');
  await page.getByLabel(w[role]).check();
  await page.getByLabel(w.name).fill(name);
  await page.getByLabel(w.email).fill(email);
  await page.getByLabel(w.password).fill('a long enough password');
  await page.getByRole('checkbox', { name: w.terms }).check();
  await page.getByRole('button', { name: w.create }).click();
  await expect(page.getByRole('button', { name: w.logOut })).toBeVisible();
  if (verify) await confirmEmail(page, email, lang);
}

/** Opens the verification link mailed to `email` and confirms it. */
export async function confirmEmail(page: Page, email: string, lang: 'en' | 'fr' = 'en') {
  const w = SIGN_UP[lang];
  const mail = await mailTo(email, w.subject);
  await page.goto(linkIn(mail, '/verify-email'));
  await page.getByRole('button', { name: w.confirm }).click();
  await expect(page.getByText(w.confirmed)).toBeVisible();
}

/** The development mail server the product sends to (scripts/test starts it). */
const MAILDEV = process.env.MAILDEV_URL ?? 'http://127.0.0.1:1080';

/** An email as MailDev's API gives it. */
export interface Mail {
  id: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  envelope: { to: { address: string }[] };
}

/** Every email MailDev holds for `to`, oldest first. */
export async function mailsTo(to: string): Promise<Mail[]> {
  const res = await fetch(`${MAILDEV}/api/email`);
  expect(res.ok, `MailDev at ${MAILDEV} answers`).toBeTruthy();
  const all = (await res.json()) as Mail[];
  return all.filter((m) => m.envelope.to.some((t) => t.address === to));
}

/** The newest email to `to` whose subject contains `subject`, waiting up
 * to ten seconds for it to arrive (and newer than `after` emails to `to`). */
export async function mailTo(to: string, subject: string, after = 0): Promise<Mail> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await mailsTo(to)).slice(after).filter((m) => m.subject.includes(subject));
    if (found.length) return found[found.length - 1];
    if (Date.now() > deadline) throw new Error(`no email “${subject}” to ${to} within 10 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The raw header `name` of `mail`, as sent (MailDev's parsed headers
 * leave some out), unfolded. */
export async function headerOf(mail: Mail, name: string): Promise<string | undefined> {
  const source = await (await fetch(`${MAILDEV}/api/email/${mail.id}/source`)).text();
  const head = source.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** The link in `mail`'s text part to `path`, made relative to the site. */
export function linkIn(mail: Mail, path: string): string {
  const found = mail.text.match(new RegExp(`https?://[^\\s]*${path}[^\\s]*`));
  if (!found) throw new Error(`no link to ${path} in “${mail.subject}”:\n${mail.text}`);
  const url = new URL(found[0]);
  return url.pathname + url.search;
}

/** The date `days` from today, as a date field takes it. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86400e3).toISOString().slice(0, 10);
}

/** What the post-a-project form is filled with. */
export interface ProjectFields {
  title: string;
  description: string;
  services: string[];
  region: string;
  min: string;
  max: string;
  start: string;
  /** The client's phone (a French mobile unless given). */
  phone?: string;
}

/** Fills the post-a-project form on `page`, without posting it. */
export async function fillProject(page: Page, p: ProjectFields) {
  await page.getByLabel('Title').fill(p.title);
  await page.getByLabel('Description').fill(p.description);
  for (const service of p.services) await page.getByRole('checkbox', { name: service }).check();
  await page.getByLabel('Region').selectOption({ label: p.region });
  await page.getByLabel('Budget from (€)').fill(p.min);
  await page.getByLabel('Budget up to (€)').fill(p.max);
  await page.getByLabel('Desired start').fill(p.start);
  await page.getByLabel(/phone$/).fill(p.phone ?? '06 12 34 56 78');
}

/**
 * A fresh client posts a project, staff validate it, and Paul (demo)
 * unlocks the offer and sends one. Returns the three pages and the
 * project's address.
 */
export async function projectWithPaulsOffer(browser: Browser, tag: string) {
  const title = `Clinic booking site ${tag}`;
  const client = await newPerson(browser);
  await signUp(client, 'client', 'Chloe Client', `chloe-${tag}@example.com`);
  await client.getByRole('link', { name: 'Post a project' }).first().click();
  await fillProject(client, {
    title,
    description: `Online booking for a small clinic, synced with calendars. Ref ${tag}.`,
    services: ['Web development'],
    region: 'Remote',
    min: '2000',
    max: '5000',
    start: inDays(20),
  });
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/was posted/)).toBeVisible();

  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/queue');
  await staff.getByRole('button', { name: `Validate “${title}”` }).click();
  await expect(staff.getByText('Project validated: it is now in the feed.')).toBeVisible();

  const paul = await newPerson(browser);
  await logIn(paul, 'paul@demo.test');
  await paul.goto(`/feed?all=1&q=${tag}`);
  await paul.getByRole('link', { name: title }).click();
  await paul.getByRole('button', { name: 'Unlock offer for 1 credit' }).click();
  const editor = paul.getByRole('region', { name: 'Make an offer' });
  await editor.getByLabel('Amount (€)').fill('3500');
  await editor.getByLabel('Duration (days)').fill('30');
  await editor.getByLabel('Message to the client').fill('I built three booking sites for clinics last year.');
  await editor.getByRole('button', { name: 'Send the offer' }).click();
  await expect(paul.getByRole('region', { name: 'Your offer' })).toBeVisible();
  return { client, staff, paul, title, projectUrl: paul.url() };
}

/**
 * A project in progress under an agreement of 3,500 € between a fresh client
 * and Paul: zero risk with “Design” 1,000 € and “Build” 2,500 €, or basic
 * (with the commission paid by Paul when `providerPays`). Both pages end on
 * the project.
 */
export async function agreedProject(browser: Browser, formula: 'zero_risk' | 'basic', providerPays = false) {
  const s = await projectWithPaulsOffer(browser, unique());
  await s.client.goto(s.projectUrl);
  const panel = s.client.getByRole('region', { name: 'Agreement' });
  await panel.getByLabel('Provider', { exact: true }).selectOption({ label: 'Paul Durand · €3,500.00' });
  await panel.getByLabel('Scope').fill('Design and build the booking site, with two rounds of changes.');
  await panel.getByLabel('Agreed amount (€)').fill('3500');
  if (providerPays) await panel.getByLabel(/The provider, as we agreed/).check();
  if (formula === 'basic') {
    await panel.getByLabel(/Basic: you pay the provider directly/).check();
  } else {
    await panel.getByLabel('Tranche 1 label').fill('Design');
    await panel.getByLabel('Tranche 1 amount (€)').fill('1000');
    await panel.getByRole('button', { name: 'Add a tranche' }).click();
    await panel.getByLabel('Tranche 2 label').fill('Build');
    await panel.getByLabel('Tranche 2 amount (€)').fill('2500');
    await panel.getByLabel('Confirmation phrase').fill('Only deposited money is guaranteed');
  }
  await panel.getByRole('button', { name: 'Select and send the agreement' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'asked to confirm' })).toBeVisible();
  await s.paul.reload();
  const terms = s.paul.getByRole('region', { name: 'Agreement' });
  await terms.getByRole('button', { name: 'Confirm and sign' }).click();
  await expect(terms.getByRole('status').filter({ hasText: 'the project is in progress' })).toBeVisible();
  await s.client.goto(s.projectUrl);
  await s.paul.goto(s.projectUrl);
  return s;
}

/** Chooses the option of `select` whose text matches `text` (French
 * amounts hold narrow no-break spaces a label would have to spell out). */
export async function chooseOption(select: Locator, text: RegExp) {
  // The options may still be on their way (a list the page fetches).
  let value: string | undefined;
  await expect
    .poll(async () => {
      const options = await select.locator('option').evaluateAll((os) =>
        os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? ''] as const),
      );
      value = options.find(([, label]) => text.test(label))?.[0];
      return value !== undefined ? 'found' : options.map(([, l]) => l).join(', ');
    }, { message: `an option ${text} in ${select}` })
    .toBe('found');
  await select.selectOption(value!);
}

/**
 * The same as `agreedProject`, in French by French labels and words: Claire
 * (demo) posts, staff validate, Paul (demo) offers 3 500 €, Claire proposes
 * zero risk with “Maquettes” 1 000 € and “Réalisation” 2 500 €, Paul signs,
 * and Claire deposits 1 000 € into “Maquettes”. Pages end on the project.
 */
export async function agreedProjectInFrench(browser: Browser) {
  const tag = unique();
  const title = `Site vitrine pour un fleuriste ${tag}`;
  const claire = await newPerson(browser, 'fr-FR');
  await logIn(claire, 'claire@demo.test', DEMO_PASSWORD, 'fr');
  await claire.goto('/post-project');
  await claire.getByLabel('Titre').fill(title);
  await claire.getByLabel('Description').fill(`Cinq pages, un formulaire de commande et la carte des livraisons. Réf. ${tag}.`);
  await claire.getByRole('checkbox', { name: 'Développement web' }).check();
  await claire.getByLabel('Région').selectOption({ label: 'À distance' });
  await claire.getByLabel('Budget à partir de (€)').fill('2 000');
  await claire.getByLabel('Budget jusqu’à (€)').fill('5 000');
  await claire.getByLabel('Début souhaité').fill(inDays(20));
  await claire.getByLabel('Votre téléphone').fill('06 12 34 56 78');
  await claire.getByRole('button', { name: 'Déposer le projet' }).click();
  await expect(claire.getByText(/Le projet n° \d+ est déposé/)).toBeVisible();

  const staff = await newPerson(browser, 'fr-FR');
  await logIn(staff, 'staff@demo.test', DEMO_PASSWORD, 'fr');
  await staff.goto('/staff/queue');
  await staff.getByRole('button', { name: `Valider « ${title} »` }).click();
  await expect(staff.getByText(/Projet validé/)).toBeVisible();

  const paul = await newPerson(browser, 'fr-FR');
  await logIn(paul, 'paul@demo.test', DEMO_PASSWORD, 'fr');
  await paul.goto(`/feed?all=1&q=${tag}`);
  await paul.getByRole('link', { name: title }).click();
  await paul.getByRole('button', { name: 'Débloquer offre pour 1 crédit' }).click();
  const editor = paul.getByRole('region', { name: 'Faire une offre' });
  await editor.getByLabel('Montant (€)').fill('3 500');
  await editor.getByLabel('Durée (jours)').fill('30');
  await editor.getByLabel('Message au client').fill('J’ai réalisé trois sites de fleuristes cette année.');
  await editor.getByRole('button', { name: 'Envoyer l’offre' }).click();
  await expect(paul.getByRole('region', { name: 'Votre offre' })).toBeVisible();
  const projectUrl = paul.url();

  await claire.goto(projectUrl);
  const accord = claire.getByRole('region', { name: 'Accord' });
  await chooseOption(accord.getByLabel('Prestataire', { exact: true }), /^Paul Durand/);
  await accord.getByLabel('Périmètre').fill('Conception et réalisation du site, avec deux séries de retouches.');
  await accord.getByLabel('Montant convenu (€)').fill('3 500');
  await accord.getByLabel('Libellé de la tranche 1').fill('Maquettes');
  await accord.getByLabel('Montant de la tranche 1 (€)').fill('1 000');
  await accord.getByRole('button', { name: 'Ajouter une tranche' }).click();
  await accord.getByLabel('Libellé de la tranche 2').fill('Réalisation');
  await accord.getByLabel('Montant de la tranche 2 (€)').fill('2 500');
  await accord.getByLabel('Phrase de confirmation').fill('Seul l’argent déposé est garanti');
  await accord.getByRole('button', { name: 'Choisir et envoyer l’accord' }).click();
  await expect(accord.getByRole('status').filter({ hasText: /Accord envoyé/ })).toBeVisible();

  await paul.reload();
  const terms = paul.getByRole('region', { name: 'Accord' });
  await terms.getByRole('button', { name: 'Confirmer et signer' }).click();
  await expect(terms.getByRole('status').filter({ hasText: /le projet est en cours/ })).toBeVisible();

  await claire.goto(projectUrl);
  const deposit = claire.getByRole('region', { name: 'Paiements (séquestre)' }).getByRole('form', { name: 'Dépôt' });
  await chooseOption(deposit.getByLabel('Tranche'), /^Maquettes/);
  await deposit.getByLabel('Montant à déposer (€)').fill('1 000,00');
  await deposit.getByLabel('Numéro de carte').fill('4242 4242 4242 4242');
  await deposit.getByRole('button', { name: 'Payer sur le séquestre' }).click();
  await expect(deposit.getByRole('status')).toContainText(/1\s000,00\s€/);
  await paul.goto(projectUrl);
  return { claire, staff, paul, title, projectUrl };
}
