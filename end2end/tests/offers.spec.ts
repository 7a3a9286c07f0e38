import { expect, logIn, newPerson, signUp, test, unique } from './helpers';

test('a client opens an offer and the provider sees it read', async ({ browser }) => {
  const tag = unique();
  const name = `Oscar ${tag}`;
  const email = `oscar-${tag}@example.com`;
  const provider = await newPerson(browser);
  await signUp(provider, 'provider', name, email);

  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/credits');
  await staff.getByLabel("Provider's email").fill(email);
  await staff.getByLabel('Credit kind').selectOption({ label: 'Offer' });
  await staff.getByLabel('Number of credits').fill('1');
  await staff.getByLabel('Reason').fill('Trial credit');
  await staff.getByRole('button', { name: 'Record the movement' }).click();
  await expect(staff.getByRole('status')).toContainText('The provider now has 1.');

  // The provider unlocks the offer and sends one, with a mistake first.
  await provider.goto('/feed?all=1&q=logo');
  await provider.getByRole('link', { name: 'Nouveau logo et identité visuelle' }).click();
  await provider.getByRole('button', { name: 'Unlock offer for 1 credit' }).click();
  const editor = provider.getByRole('region', { name: 'Make an offer' });
  await editor.getByLabel('Amount (€)').fill('2 400');
  await editor.getByLabel('Duration (days)').fill('three weeks');
  await editor.getByLabel('Message to the client').fill('We design identities for food producers; see our portfolio.');
  await editor.getByRole('button', { name: 'Send the offer' }).click();
  await expect(editor.getByText('Enter the duration as a whole number of days, like 30.')).toBeVisible();
  await editor.getByLabel('Duration (days)').fill('21');
  await editor.getByRole('button', { name: 'Send the offer' }).click();
  const mine = provider.getByRole('region', { name: 'Your offer' });
  await expect(mine.getByText(/Not read by the client yet\./)).toBeVisible();

  // The client sees it as new, opens it, and it becomes read.
  const client = await newPerson(browser);
  await logIn(client, 'claire@demo.test');
  await client.getByRole('table', { name: 'Your projects' }).getByRole('link', { name: 'Nouveau logo et identité visuelle' }).click();
  const received = client.getByRole('region', { name: 'Offers received' });
  const row = received.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByText('New')).toBeVisible();
  await expect(row).toContainText('€2,400.00');
  await row.getByRole('button', { name: `Open the offer from ${name}` }).click();
  await expect(received.getByRole('article', { name: `Offer from ${name}` })).toContainText('food producers');
  await expect(row.getByText('Read')).toBeVisible();

  // The provider sees when it was read; editing is free.
  await provider.reload();
  await expect(mine.getByText(/Sent\. Read by the client on \d{1,2} \w+ \d{4}/)).toBeVisible();
  await mine.getByLabel('Amount (€)').fill('2300');
  await mine.getByRole('button', { name: 'Save changes' }).click();
  await expect(mine.getByText(/Not read by the client yet\./)).toBeVisible();
  await expect(provider.getByText('Costs 1 offer credit · you have 0')).toBeVisible();
});
