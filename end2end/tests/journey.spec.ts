import { expect, fillProject, inDays, logIn, newPerson, signUp, test, unique } from './helpers';

test('a project goes from the client to the feed and leaves it when cancelled', async ({ browser }) => {
  const tag = unique();
  const title = `Greenhouse irrigation ${tag}`;

  // The client signs up and posts a project, first with mistakes.
  const client = await newPerson(browser);
  await signUp(client, 'client', 'Camille Client', `camille-${tag}@example.com`);
  await client.getByRole('link', { name: 'Continue' }).click();
  await expect(client).toHaveURL(/\/dashboard/);
  await expect(client.getByText('You have not posted a project yet.')).toBeVisible();
  await client.getByRole('link', { name: 'Post a project' }).first().click();
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.locator('#field-title-error').getByText('This field is required.')).toBeVisible();
  await expect(client.getByText('Choose at least 1.')).toBeVisible();

  await fillProject(client, {
    title,
    description: `Automatic watering for a 200 m² greenhouse, with sensors and a phone app. Ref ${tag}.`,
    services: ['Mobile apps', 'IT support'],
    region: 'Occitanie',
    min: '9000',
    max: '4000',
    start: '2099-01-01',
  });
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText('The minimum budget cannot be above the maximum.')).toBeVisible();
  await expect(client.getByText('The desired start must be within two years.')).toBeVisible();

  const start = new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10);
  await client.getByLabel('Budget up to (€)').fill('12 000');
  await client.getByLabel('Desired start').fill(start);
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/was posted\. Staff will review it/)).toBeVisible();
  const row = client.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Awaiting validation')).toBeVisible();

  // Staff validate it from the queue.
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await expect(staff).toHaveURL(/\/dashboard/);
  await staff.getByRole('link', { name: 'Validation queue' }).click();
  await staff.getByRole('button', { name: `Validate “${title}”` }).click();
  await expect(staff.getByText('Project validated: it is now in the feed.')).toBeVisible();
  await expect(staff.getByRole('heading', { name: title })).toHaveCount(0);

  // A provider finds it with a filter and a search, and opens it.
  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Pat Provider', `pat-${tag}@example.com`);
  await provider.getByRole('link', { name: 'Continue' }).click();
  await expect(provider).toHaveURL(/\/dashboard/);
  await provider.getByRole('link', { name: 'Feed', exact: true }).click();
  const filters = provider.getByRole('complementary', { name: 'Filters' });
  await filters.getByRole('checkbox', { name: 'IT support' }).check();
  await filters.getByRole('checkbox', { name: 'Occitanie' }).check();
  await filters.getByLabel('Search words').fill(tag);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(provider).toHaveURL(/service=it_support/);
  await expect(provider.getByRole('status').filter({ hasText: '1 project' })).toBeVisible();
  await provider.getByRole('link', { name: title }).click();
  await expect(provider.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(provider.getByText('Published', { exact: true }).first()).toBeVisible();
  await expect(provider.getByText('just now').first()).toBeVisible();
  const projectUrl = provider.url();

  // The client cancels it; it leaves the feed at once.
  await client.reload();
  client.once('dialog', (d) => d.accept());
  await client.getByRole('button', { name: `Cancel “${title}”` }).click();
  await expect(client.getByRole('row', { name: new RegExp(title) }).getByText('Cancelled')).toBeVisible();

  await provider.goto(`/feed?all=1&q=${tag}`);
  await expect(provider.getByText('No project matches these filters.')).toBeVisible();
  await provider.goto(projectUrl);
  // A cancelled project no longer exists for providers, exactly like one that never did.
  await expect(provider.getByRole('alert')).toContainText(/There is no project #\d+\./);
});

test('staff reject a project and the client reads the reason', async ({ browser }) => {
  const tag = unique();
  const title = `Poster for a concert ${tag}`;
  const client = await newPerson(browser);
  await signUp(client, 'client', 'Rémi Client', `remi-${tag}@example.com`);
  await client.goto('/post-project');
  await fillProject(client, {
    title,
    description: 'A poster and a flyer for a jazz concert in our village hall.',
    services: ['Graphic design'],
    region: 'Bretagne',
    min: '150',
    max: '400.50',
    start: inDays(0),
  });
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/was posted/)).toBeVisible();

  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/queue');
  const item = staff.getByRole('article', { name: title });
  await item.getByText('Reject…').click();
  await item.getByRole('button', { name: 'Reject project' }).click();
  await expect(item.getByText('At least 10 characters.').or(item.getByText('This field is required.'))).toBeVisible();
  await item.getByLabel(/Reason for rejecting/).fill('Please give the date and the size of the poster.');
  await item.getByRole('button', { name: 'Reject project' }).click();
  await expect(staff.getByText('Project rejected: the client sees your reason.')).toBeVisible();

  await client.goto('/my/projects');
  const row = client.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByText('Rejected')).toBeVisible();
  await expect(row).toContainText('Please give the date and the size of the poster.');
  await expect(row.getByRole('button', { name: /Cancel/ })).toHaveCount(0);
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  // A fresh email each run: failed logins count against the account.
  await page.getByLabel('Email').fill(`nobody-${unique()}@example.com`);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Email or password is incorrect.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0);
});

test('a visitor is asked to log in before seeing the feed or a project', async ({ page }) => {
  await page.goto('/feed');
  await expect(page.getByRole('alert')).toContainText('Please log in to continue.');
  await page.goto('/projects/1');
  await expect(page.getByRole('alert')).toContainText('Please log in to continue.');
});
