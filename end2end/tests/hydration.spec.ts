import { expect, test, unique, DEMO_PASSWORD, logIn, newPerson, signUp, type Page } from './helpers';

/**
 * Nothing typed is lost: each main form is filled while the page's wasm is
 * held back (a slow connection, a password manager filling the form at
 * once), then the wasm arrives and hydrates the page, and the submission
 * must carry every value the person typed.
 */
async function holdWasm(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route('**/pkg/*.wasm', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Opens `path` with the wasm held back; returns what lets it through. */
async function openCold(page: Page, path: string): Promise<() => void> {
  const release = await holdWasm(page);
  await page.goto(path, { waitUntil: 'domcontentloaded' });
  return release;
}

/** Lets the wasm in and waits until it has taken over the form. A form that
 * posts natively (the journey's) has its button enabled all along, so it is
 * its `data-hydrated` mark that tells; other forms enable their button. */
async function hydrate(release: () => void, page: Page, button: string) {
  const form = page.locator('form[method="post"]', { has: page.getByRole('button', { name: button }) });
  const native = await form.count();
  release();
  if (native > 0) {
    await expect(form.and(page.locator('[data-hydrated]'))).toBeAttached({ timeout: 20_000 });
  }
  await expect(page.getByRole('button', { name: button })).toBeEnabled({ timeout: 20_000 });
}

/** Submits with `button` and returns the JSON the server function received. */
async function submitted(page: Page, button: string, endpoint: string): Promise<any> {
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith(endpoint) && r.method() === 'POST'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return JSON.parse(request.postData() ?? 'null');
}

test('the log-in form keeps what was typed before the page woke up', async ({ page }) => {
  const release = await openCold(page, '/login');
  await page.getByLabel('Email').fill('claire@demo.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await hydrate(release, page, 'Log in');
  await expect(page.getByLabel('Email')).toHaveValue('claire@demo.test');
  const body = await submitted(page, 'Log in', '/api/login');
  expect(body).toEqual({ email: 'claire@demo.test', password: DEMO_PASSWORD });
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
});

test('the sign-up form keeps every field, the role included', async ({ page }) => {
  const email = `early-${unique()}@example.com`;
  const release = await openCold(page, '/signup');
  await page.getByLabel(/A provider/).check();
  await page.getByLabel('Display name').fill('Early Bird');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('checkbox', { name: /accept the terms of use/ }).check();
  await hydrate(release, page, 'Create account');
  const body = await submitted(page, 'Create account', '/api/signup');
  expect(body).toEqual({ email, password: 'a long enough password', display_name: 'Early Bird', role: 'provider', accept_terms: true });
  await expect(page.getByRole('link', { name: 'Feed' })).toBeVisible();
});

test('the project form keeps text, checkboxes, the region and the date', async ({ page }) => {
  await logIn(page, 'claire@demo.test');
  const title = `Early project ${unique()}`;
  const start = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  const release = await openCold(page, '/post-project');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('Typed while the page was still loading on a slow train.');
  await page.getByRole('checkbox', { name: 'Web development' }).check();
  await page.getByLabel('Region').selectOption({ label: 'Remote' });
  await page.getByLabel('Budget from (€)').fill('1200');
  await page.getByLabel('Budget up to (€)').fill('2400');
  await page.getByLabel('Desired start').fill(start);
  await page.getByLabel('Your phone').fill('06 11 22 33 44');
  await hydrate(release, page, 'Post the project');
  const body = await submitted(page, 'Post the project', '/api/projects/post');
  expect(body).toEqual({
    form: {
      title,
      description: 'Typed while the page was still loading on a slow train.',
      services: ['web_development'],
      region: 'remote',
      budget_min: '1200',
      budget_max: '2400',
      desired_start: start,
      phone: '06 11 22 33 44',
    },
  });
  await expect(page.getByText(/was posted/)).toBeVisible();
});

test("staff's lead form keeps the client's details and a cleared box", async ({ page }) => {
  await logIn(page, 'staff@demo.test');
  const title = `Early lead ${unique()}`;
  const start = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  const release = await openCold(page, '/staff/leads/new');
  await page.getByLabel("Client's email").fill('hugo@demo.test');
  await page.getByLabel("Client's phone").fill('+33 6 98 76 54 32');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('Written from a call while the back office was still loading.');
  await page.getByLabel('Renovation & building').check();
  await page.getByLabel('Region').selectOption({ label: 'Normandie' });
  await page.getByLabel('Budget from (€)').fill('3000');
  await page.getByLabel('Budget up to (€)').fill('5000');
  await page.getByLabel('Desired start').fill(start);
  await page.getByLabel('Referral price (€)').fill('35');
  // Ticked by default; cleared before the page woke up.
  await page.getByRole("checkbox", { name: /half-price reservations/ }).uncheck();
  await hydrate(release, page, 'Publish the lead');
  const body = await submitted(page, 'Publish the lead', '/api/staff/leads/create');
  expect(body.form.client_email).toBe('hugo@demo.test');
  expect(body.form.price).toBe('35');
  expect(body.form.half_price).toBe(false);
  expect(body.form.project).toEqual({
    title,
    description: 'Written from a call while the back office was still loading.',
    services: ['renovation'],
    region: 'normandie',
    budget_min: '3000',
    budget_max: '5000',
    desired_start: start,
    phone: '+33 6 98 76 54 32',
  });
  await expect(page.getByRole('status')).toContainText('is published');
});

test("staff's credit form keeps a kind chosen before the page woke up", async ({ page, browser }) => {
  const email = `early-kind-${unique()}@example.com`;
  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Early Kind', email);
  await logIn(page, 'staff@demo.test');
  const release = await openCold(page, '/staff/credits');
  await page.getByLabel("Provider's email").fill(email);
  // The form's own choice is Offer; Consultation is the first in the list.
  await page.getByLabel('Credit kind').selectOption({ label: 'Consultation' });
  await page.getByLabel('Number of credits').fill('1');
  await page.getByLabel('Reason').fill('Chosen while the page was loading');
  await hydrate(release, page, 'Record the movement');
  await expect(page.getByLabel('Credit kind')).toHaveValue('consultation');
  const body = await submitted(page, 'Record the movement', '/api/staff/credits');
  expect(body.kind).toBe('consultation');
  await expect(page.getByRole('status')).toContainText('1 consultation credit(s). The provider now has 1.');
});

test('a link clicked before the page has woken up is followed as a plain page load, without a panic', async ({ browser }) => {
  const page = await newPerson(browser);
  // The shared wasm runs (the router is up) but the page's own chunk is
  // held back: the page is half-way through hydrating.
  let asked!: () => void;
  const chunkAsked = new Promise<void>((r) => (asked = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(/\/pkg\/chunk_\d+(\.[\w-]{22})?\.wasm$/, async (route) => {
    asked();
    await released;
    await route.continue();
  });
  await page.goto('/login', { waitUntil: 'domcontentloaded' });
  await chunkAsked;
  await expect(page.locator('html')).not.toHaveAttribute('data-hydrated');
  const load = page.waitForEvent('load');
  await page.getByRole('navigation').getByRole('link', { name: 'Sign up' }).click();
  release();
  await load;
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole('button', { name: 'Create account' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', '');
  // From then on, the router takes links in the page, without a load.
  let loads = 0;
  page.on('load', () => loads++);
  await page.getByRole('navigation').getByRole('link', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  expect(loads).toBe(0);
});
