import { expect, logIn, newPerson, signUp, test, unique } from './helpers';

test('a provider spends each kind of credit once and sees what it unlocks', async ({ browser }) => {
  const tag = unique();
  const email = `olga-${tag}@example.com`;
  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Olga Provider', email);

  // Staff grant credits, with a reason, through the back office.
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.getByRole('link', { name: 'Credits' }).click();
  for (const kind of ['Consultation', 'Offer', 'Contact']) {
    await staff.getByLabel("Provider's email").fill(email);
    await staff.getByLabel('Credit kind').selectOption({ label: kind });
    await staff.getByLabel('Number of credits').fill('2');
    await staff.getByLabel('Reason').fill('Welcome pack');
    await staff.getByRole('button', { name: 'Record the movement' }).click();
    await expect(staff.getByRole('status')).toContainText(`2 ${kind.toLowerCase()} credit(s). The provider now has 2.`);
  }
  // A refusal is explained and changes nothing.
  await staff.getByLabel("Provider's email").fill('claire@demo.test');
  await staff.getByRole('button', { name: 'Record the movement' }).click();
  await expect(staff.getByText('There is no provider with this email.')).toBeVisible();

  // The provider opens a published project and unlocks each kind.
  await provider.goto('/feed?all=1&q=boulangerie');
  await provider.getByRole('link', { name: 'Boutique en ligne pour une boulangerie bio' }).click();
  const panel = provider.getByRole('region', { name: 'Unlock with credits' });
  await expect(panel.getByText('Costs 1 consultation credit · you have 2')).toBeVisible();
  await expect(panel.getByLabel('Client contact')).toHaveCount(0);

  await panel.getByRole('button', { name: 'Unlock consultation for 1 credit' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'unlocked' })).toHaveText('Consultation unlocked: 1 consultation credit spent, 1 left.');
  await panel.getByRole('button', { name: 'Unlock offer for 1 credit' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'unlocked' })).toHaveText('Offer unlocked: 1 offer credit spent, 1 left.');
  // A double click on Contact charges once.
  await panel.getByRole('button', { name: 'Unlock contact for 1 credit' }).dblclick();
  await expect(panel.getByRole('status').filter({ hasText: 'unlocked' })).toHaveText('Contact unlocked: 1 contact credit spent, 1 left.');
  await expect(panel.getByLabel('Client contact')).toContainText('Claire Martin');
  await expect(panel.getByLabel('Client contact')).toContainText('claire@demo.test');
  await expect(panel.getByText('Unlocked', { exact: true })).toHaveCount(3);

  // Coming back later charges nothing more: everything shows as unlocked.
  await provider.reload();
  await expect(panel.getByText('Unlocked', { exact: true })).toHaveCount(3);
  await expect(panel.getByText('Costs 1 contact credit · you have 1')).toBeVisible();

  // The statement lists every grant and spend with running balances.
  await provider.getByRole('link', { name: 'Credits' }).first().click();
  await expect(provider.getByLabel('Contact credits', { exact: true })).toContainText('1');
  await expect(provider.getByRole('img', { name: /^Credits spent per day, \d{1,2} \w+ \d{4}: \d/ })).toBeVisible();
  const rows = provider.getByRole('table', { name: 'Statement' }).getByRole('row');
  await expect(rows).toHaveCount(7);
  const spent = rows.filter({ hasText: 'Spent' });
  await expect(spent).toHaveCount(3);
  await expect(spent.first()).toContainText('Boutique en ligne pour une boulangerie bio');
  await expect(rows.filter({ hasText: 'Granted' }).first()).toContainText('Welcome pack');
});

test('a provider without credits is told so and nothing changes', async ({ browser }) => {
  const tag = unique();
  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Nico Provider', `nico-${tag}@example.com`);
  await provider.goto('/feed?all=1&q=yoga');
  await provider.getByRole('link', { name: 'Application de réservation pour un studio de yoga' }).click();
  const panel = provider.getByRole('region', { name: 'Unlock with credits' });
  await panel.getByRole('button', { name: 'Unlock offer for 1 credit' }).click();
  await expect(panel.getByRole('alert')).toHaveText('Not enough offer credits: you have 0 and this needs 1.');
  await expect(panel.getByRole('button', { name: 'Unlock offer for 1 credit' })).toBeVisible();
  await provider.goto('/credits');
  await expect(provider.getByText('No movement yet.')).toBeVisible();
});
