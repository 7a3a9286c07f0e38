import { expect, logIn, newPerson, signUp, test, unique, type Page } from './helpers';

/** Staff write a lead through the back office; returns its title. */
async function writeLead(staff: Page, title: string, price: string) {
  await staff.goto('/staff/leads/new');
  await staff.getByLabel("Client's email").fill('hugo@demo.test');
  await staff.getByLabel("Client's phone").fill('+33 6 98 76 54 32');
  await staff.getByLabel('Title').fill(title);
  await staff.getByLabel('Description').fill('Written from a call with the client: a small job, ready to start soon.');
  await staff.getByLabel('Renovation & building').check();
  await staff.getByLabel('Region').selectOption({ label: 'Normandie' });
  await staff.getByLabel('Budget from (€)').fill('3000');
  await staff.getByLabel('Budget up to (€)').fill('5000');
  const start = new Date(Date.now() + 20 * 86400e3).toISOString().slice(0, 10);
  await staff.getByLabel('Desired start').fill(start);
  await staff.getByLabel('Referral price (€)').fill(price);
  await staff.getByRole('button', { name: 'Publish the lead' }).click();
  await expect(staff.getByRole('status')).toContainText('is published and offered to matching providers');
}

async function topUp(provider: Page, amount: string) {
  await provider.goto('/credits');
  const form = provider.getByRole('region', { name: 'Top up your prepaid account' });
  await form.getByLabel('Amount (€)').fill(amount);
  await form.getByLabel('Card number').fill('4242 4242 4242 4242');
  await form.getByRole('button', { name: 'Pay and top up' }).click();
  await expect(form.getByRole('status')).toContainText(`Paid €${amount}.00`);
}

test('staff write a lead and a provider buys it once and gets the client details', async ({ browser }) => {
  const tag = unique();
  const title = `Roof repair ${tag}`;
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  // A bad form is explained field by field and publishes nothing.
  await staff.goto('/staff/leads/new');
  await staff.getByLabel('Referral price (€)').fill('0.5');
  await staff.getByRole('button', { name: 'Publish the lead' }).click();
  await expect(staff.getByText('The referral price must be at least €1.00.')).toBeVisible();

  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Lea Provider', `lea-${tag}@example.com`);
  await writeLead(staff, title, '40');
  // A declined card is refused and nothing is paid.
  await provider.goto('/credits');
  const form = provider.getByRole('region', { name: 'Top up your prepaid account' });
  await form.getByLabel('Card number').fill('4000 0000 0000 0002');
  await form.getByRole('button', { name: 'Pay and top up' }).click();
  await expect(form.getByText(/declined/)).toBeVisible();
  await expect(provider.getByLabel('Prepaid account', { exact: true })).toContainText('0.00');
  await topUp(provider, '50');
  await expect(provider.getByLabel('Prepaid account', { exact: true })).toContainText('50.00');

  // The new lead is announced by the bell.
  await expect(provider.getByRole('link', { name: /Notifications, \d+ unread/ })).toBeVisible();
  await provider.getByRole('link', { name: 'Leads' }).click();
  const card = provider.getByRole('article', { name: title });
  await expect(card.getByText('0 of 4')).toBeVisible();
  await expect(card.getByText(/€20\.00 in 3 days 23 h|€20\.00 in 4 days 0 h/)).toBeVisible();
  // A double click buys once.
  await card.getByRole('button', { name: 'Buy for €40.00' }).dblclick();
  await expect(provider.getByRole('status')).toContainText('Lead bought for €40.00');
  await expect(card.getByLabel('Client contact')).toContainText('Hugo Bernard');
  await expect(card.getByLabel('Client contact')).toContainText('+33 6 98 76 54 32');
  await expect(card.getByText('1 of 4')).toBeVisible();
  await provider.goto('/credits');
  await expect(provider.getByLabel('Prepaid account', { exact: true })).toContainText('10.00');
  const rows = provider.getByRole('table', { name: 'Statement' }).getByRole('row');
  await expect(rows.filter({ hasText: 'Lead purchase' })).toHaveCount(1);
});

test('credit requests: one refused with a reason, one accepted and refunded on the statement', async ({ browser }) => {
  const tag = unique();
  const first = `Fence painting ${tag}`;
  const second = `Tiling a terrace ${tag}`;
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await writeLead(staff, first, '20');
  await writeLead(staff, second, '30');

  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Marc Provider', `marc-${tag}@example.com`);
  await topUp(provider, '60');
  await provider.goto('/leads');
  for (const [title, price] of [[first, '20.00'], [second, '30.00']]) {
    const card = provider.getByRole('article', { name: title });
    await card.getByRole('button', { name: `Buy for €${price}` }).click();
    await expect(card.getByLabel('Client contact')).toBeVisible();
    await card.getByRole('button', { name: 'Ask for a credit' }).click();
    await card.getByLabel('Why could you not present your services?').fill('The client had already chosen a provider.');
    await card.getByRole('button', { name: 'Send the credit request' }).click();
    await expect(card.getByLabel('Credit request')).toContainText('Waiting for staff');
  }

  await staff.getByRole('link', { name: 'Credit requests' }).click();
  const refuse = staff.getByRole('article').filter({ hasText: first });
  // Refusing needs a reason.
  await refuse.getByRole('button', { name: 'Refuse' }).click();
  await expect(refuse.getByText(/Give the provider a reason/)).toBeVisible();
  await refuse.getByLabel(/Reason for the provider/).fill('You spoke with the client for an hour.');
  await refuse.getByRole('button', { name: 'Refuse' }).click();
  await expect(staff.getByRole('status')).toContainText('refused');
  const accept = staff.getByRole('article').filter({ hasText: second });
  await accept.getByRole('button', { name: 'Accept and refund €30.00' }).click();
  await expect(staff.getByRole('status')).toContainText('accepted: €30.00');

  // The provider is told, sees each status, and the refund is on the statement.
  await provider.goto('/leads');
  await expect(provider.getByRole('link', { name: /Notifications, [1-9]\d* unread/ })).toBeVisible();
  await expect(provider.getByRole('article', { name: first }).getByLabel('Credit request')).toContainText('Refused');
  await expect(provider.getByRole('article', { name: first }).getByLabel('Credit request')).toContainText('You spoke with the client for an hour.');
  await expect(provider.getByRole('article', { name: second }).getByLabel('Credit request')).toContainText('Accepted');
  await provider.getByRole('link', { name: /Notifications/ }).click();
  await expect(provider.getByRole('list', { name: 'Notifications' })).toContainText(`Your credit request on “${second}” was accepted`);
  await expect(provider.getByRole('link', { name: 'Notifications, none unread' })).toBeVisible();
  await provider.goto('/credits');
  await expect(provider.getByLabel('Prepaid account', { exact: true })).toContainText('40.00');
  const refund = provider.getByRole('table', { name: 'Statement' }).getByRole('row').filter({ hasText: 'Purchase refunded' });
  await expect(refund).toHaveCount(1);
  await expect(refund).toContainText('+€30.00');
});
