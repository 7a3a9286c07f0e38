import { expect, logIn, newPerson, signUp, test, unique } from './helpers';

test('the client selects a provider with a tranche plan and the provider confirms it', async ({ browser }) => {
  const tag = unique();
  const title = `Clinic booking site ${tag}`;
  const client = await newPerson(browser);
  await signUp(client, 'client', 'Chloe Client', `chloe-${tag}@example.com`);
  await client.getByRole('link', { name: 'Post a project' }).first().click();
  await client.getByLabel('Title').fill(title);
  await client.getByLabel('Description').fill(`Online booking for a small clinic, synced with calendars. Ref ${tag}.`);
  await client.getByRole('checkbox', { name: 'Web development' }).check();
  await client.getByLabel('Region').selectOption({ label: 'Remote' });
  await client.getByLabel('Budget from (€)').fill('2000');
  await client.getByLabel('Budget up to (€)').fill('5000');
  await client.getByLabel('Desired start').fill(new Date(Date.now() + 20 * 86400e3).toISOString().slice(0, 10));
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/was posted/)).toBeVisible();

  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.getByRole('button', { name: `Validate “${title}”` }).click();
  await expect(staff.getByText('Project validated: it is now in the feed.')).toBeVisible();

  // Paul (demo, Privilege plan) unlocks the offer and sends one.
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
  const projectUrl = paul.url();

  // The client selects Paul; the tranches must add up.
  await client.goto(projectUrl);
  const panel = client.getByRole('region', { name: 'Agreement' });
  await panel.getByLabel('Provider', { exact: true }).selectOption({ label: 'Paul Durand · 3\u202f500.00\u00a0€' });
  await panel.getByLabel('Scope').fill('Design and build the booking site, with two rounds of changes.');
  await panel.getByLabel('Agreed amount (€)').fill('3500');
  await panel.getByLabel('Tranche 1 label').fill('Design');
  await panel.getByLabel('Tranche 1 amount (€)').fill('1000');
  await panel.getByRole('button', { name: 'Select and send the agreement' }).click();
  await expect(panel.getByText(/add up to 1000.00/)).toBeVisible();
  await panel.getByRole('button', { name: 'Add a tranche' }).click();
  await panel.getByLabel('Tranche 2 label').fill('Build');
  await panel.getByLabel('Tranche 2 amount (€)').fill('2500');
  await panel.getByRole('button', { name: 'Select and send the agreement' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'asked to confirm' })).toBeVisible();
  await expect(panel.getByRole('table', { name: 'Tranche plan' })).toContainText('Build');

  // Paul confirms: that is his signature, and the project starts.
  await paul.reload();
  const terms = paul.getByRole('region', { name: 'Agreement' });
  await expect(terms.getByText('Waiting for the provider\'s confirmation')).toBeVisible();
  await terms.getByRole('button', { name: 'Confirm and sign' }).click();
  await expect(terms.getByRole('status').filter({ hasText: 'the project is in progress' })).toBeVisible();
  await expect(terms.getByText(/Confirmed and signed on .* by Paul Durand/)).toBeVisible();
  await client.reload();
  await expect(client.getByText('In progress').first()).toBeVisible();
  await expect(client.getByRole('region', { name: 'Agreement' })).toContainText('Confirmed and signed');
});
