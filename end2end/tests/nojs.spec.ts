import type { Browser, Page } from '@playwright/test';
import { confirmEmail, expect, fillProject, inDays, test, unique } from './helpers';

/** A person whose browser runs no JavaScript: every form posts natively. */
async function withoutScripts(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return context.newPage();
}

test('the journey’s forms work without JavaScript', async ({ browser }) => {
  const tag = unique();
  const title = `Bakery web shop ${tag}`;

  // Sign up, with a mistake first: the message is in the page, what was
  // typed is still there (the password is not).
  const client = await withoutScripts(browser);
  await client.goto('/signup');
  await client.getByLabel(/A client/).check();
  await client.getByLabel('Display name').fill('Nora Noscript');
  await client.getByLabel('Email').fill(`nora-${tag}@example.com`);
  await client.getByLabel('Password').fill('short');
  await client.getByRole('button', { name: 'Create account' }).click();
  await expect(client.getByText('At least 10 characters.', { exact: true })).toBeVisible();
  await expect(client.getByText('Accept the terms of use to create your account.')).toBeVisible();
  await expect(client.getByLabel('Display name')).toHaveValue('Nora Noscript');
  await expect(client.getByLabel('Email')).toHaveValue(`nora-${tag}@example.com`);
  await expect(client.getByLabel('Password')).toHaveValue('');
  await expect(client.getByLabel(/A client/)).toBeChecked();
  await client.getByLabel('Password').fill('a long enough password');
  await client.getByRole('checkbox', { name: /accept the terms of use/ }).check();
  await client.getByRole('button', { name: 'Create account' }).click();
  await expect(client).toHaveURL(/\/dashboard$/);
  await expect(client.getByText('You have not posted a project yet.')).toBeVisible();

  // Confirm the address from the email: the link's page posts natively too.
  await expect(client.getByText(/Confirm your email address: we sent a link to/)).toBeVisible();
  await confirmEmail(client, `nora-${tag}@example.com`);

  // Post a project, first with budgets the wrong way round.
  await client.getByRole('link', { name: 'Post a project' }).first().click();
  await fillProject(client, {
    title,
    description: `A web shop for a bakery, with click and collect. Ref ${tag}.`,
    services: ['Web development', 'IT support'],
    region: 'Occitanie',
    min: '9000',
    max: '4000',
    start: inDays(10),
  });
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText('The minimum budget cannot be above the maximum.')).toBeVisible();
  await expect(client.getByLabel('Title')).toHaveValue(title);
  await expect(client.getByLabel('Description')).toHaveValue(new RegExp(`Ref ${tag}`));
  await expect(client.getByRole('checkbox', { name: 'IT support' })).toBeChecked();
  await expect(client.getByLabel('Region')).toHaveValue('occitanie');
  await client.getByLabel('Budget up to (€)').fill('12000');
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/was posted\. Staff will review it/)).toBeVisible();
  await expect(client.getByRole('row', { name: new RegExp(title) }).getByText('Awaiting validation')).toBeVisible();

  // Staff log in and validate it.
  const staff = await withoutScripts(browser);
  await staff.goto('/login');
  await staff.getByLabel('Email').fill('staff@demo.test');
  await staff.getByLabel('Password').fill('demo-password');
  await staff.getByRole('button', { name: 'Log in' }).click();
  await expect(staff).toHaveURL(/\/dashboard$/);
  await staff.goto('/staff/queue');
  await staff.getByRole('button', { name: `Validate “${title}”` }).click();
  await expect(staff.getByText('Project validated: it is now in the feed.')).toBeVisible();
  await expect(staff.getByRole('heading', { name: title })).toHaveCount(0);

  // A second project, which staff reject: the reason box opens without a
  // script, and a missing reason comes back beside it.
  const poster = `Shop poster ${tag}`;
  await client.getByRole('link', { name: 'Post a project' }).first().click();
  await fillProject(client, {
    title: poster,
    description: `An A2 poster announcing the web shop. Ref ${tag}.`,
    services: ['Graphic design'],
    region: 'Occitanie',
    min: '100',
    max: '300',
    start: inDays(10),
  });
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/was posted\. Staff will review it/)).toBeVisible();
  await staff.goto('/staff/queue');
  let item = staff.getByRole('article', { name: poster });
  await item.getByText('Reject…').click();
  await item.getByRole('button', { name: 'Reject project' }).click();
  item = staff.getByRole('article', { name: poster });
  await expect(item.getByText('At least 10 characters.').or(item.getByText('This field is required.'))).toBeVisible();
  await item.getByLabel(/Reason for rejecting/).fill('Please give the size and the date of the poster.');
  await item.getByRole('button', { name: 'Reject project' }).click();
  await expect(staff.getByText('Project rejected: the client sees your reason.')).toBeVisible();
  await expect(staff.getByRole('heading', { name: poster })).toHaveCount(0);

  // A provider signs up, filters the feed and opens the project.
  const provider = await withoutScripts(browser);
  await provider.goto('/signup');
  await provider.getByLabel(/A provider/).check();
  await provider.getByLabel('Display name').fill('Paz Provider');
  await provider.getByLabel('Email').fill(`paz-${tag}@example.com`);
  await provider.getByLabel('Password').fill('a long enough password');
  await provider.getByRole('checkbox', { name: /accept the terms of use/ }).check();
  await provider.getByRole('button', { name: 'Create account' }).click();
  await expect(provider).toHaveURL(/\/dashboard$/);
  await provider.goto('/feed');
  const filters = provider.getByRole('complementary', { name: 'Filters' });
  await filters.getByRole('checkbox', { name: 'IT support' }).check();
  await filters.getByLabel('Search words').fill(tag);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(provider).toHaveURL(/service=it_support/);
  await provider.getByRole('link', { name: title }).click();
  await expect(provider.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // Log out.
  await client.getByRole('button', { name: 'Log out' }).click();
  await expect(client).toHaveURL(/\/$/);
  await expect(client.getByRole('button', { name: 'Log out' })).toHaveCount(0);
});
