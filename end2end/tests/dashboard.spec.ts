import { agreedProject, expect, fillProject, inDays, logIn, newPerson, signUp, test, unique } from './helpers';
import type { Page } from '@playwright/test';

/** A stage's column on the provider's dashboard ("Unlocked", "Offer read"…). */
function stage(page: Page, name: string) {
  return page.getByRole('region', { name: new RegExp(`^${name} \\d+$`) });
}

/** Waits until the page has hydrated: the bell is drawn only then. */
async function awake(page: Page) {
  await expect(page.getByRole('link', { name: /^Notifications/ })).toBeVisible();
}

test('a provider’s day: a new project appears live, is unlocked from the dashboard, and its card moves when the offer is read', async ({ browser }) => {
  const tag = unique();
  const title = `Bakery loyalty app ${tag}`;
  const email = `dana-${tag}@example.com`;
  const dana = await newPerson(browser);
  await signUp(dana, 'provider', 'Dana Dash', email);

  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/credits');
  await staff.getByLabel("Provider's email").fill(email);
  await staff.getByLabel('Credit kind').selectOption({ label: 'Offer' });
  await staff.getByLabel('Number of credits').fill('2');
  await staff.getByLabel('Reason').fill('Trial credits');
  await staff.getByRole('button', { name: 'Record the movement' }).click();
  await expect(staff.getByRole('status')).toContainText('The provider now has 2.');

  // Dana's dashboard is open, empty, and stays open from here on.
  await dana.goto('/dashboard');
  await awake(dana);
  await expect(dana.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(dana.getByText(/No project yet: unlock one from the feed/)).toBeVisible();
  const matches = dana.getByRole('region', { name: /^Matching projects/ });
  await expect(matches.getByRole('link', { name: title })).toHaveCount(0);

  // A client posts a project and staff publish it.
  const client = await newPerson(browser);
  await signUp(client, 'client', 'Bea Baker', `bea-${tag}@example.com`);
  await client.goto('/post-project');
  await fillProject(client, {
    title,
    description: `A loyalty card app for a bakery with three shops. Ref ${tag}.`,
    services: ['Mobile apps'],
    region: 'Occitanie',
    min: '3000',
    max: '6000',
    start: inDays(15),
  });
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/was posted/)).toBeVisible();
  await staff.goto('/staff/queue');
  await staff.getByRole('button', { name: `Validate “${title}”` }).click();
  await expect(staff.getByText('Project validated: it is now in the feed.')).toBeVisible();

  // It appears on Dana's dashboard without a reload; she unlocks it there.
  await expect(matches.getByRole('link', { name: title })).toBeVisible();
  // The button is named by its words and described by the project's title.
  const unlock = matches.getByRole('listitem').filter({ hasText: title }).getByRole('button', { name: 'Unlock to offer' });
  await expect(unlock).toHaveAccessibleDescription(title);
  await unlock.click();
  const unlocked = stage(dana, 'Unlocked');
  await expect(unlocked.getByRole('link', { name: title })).toBeVisible();
  await expect(unlocked).toContainText('Make your offer');
  await expect(matches.getByRole('link', { name: title })).toHaveCount(0);

  // The card's next step leads to the offer.
  await unlocked.getByRole('link', { name: 'Make an offer' }).click();
  const editor = dana.getByRole('region', { name: 'Make an offer' });
  await editor.getByLabel('Amount (€)').fill('4200');
  await editor.getByLabel('Duration (days)').fill('40');
  await editor.getByLabel('Message to the client').fill('We shipped two loyalty apps for food shops this year.');
  await editor.getByRole('button', { name: 'Send the offer' }).click();
  await expect(dana.getByRole('region', { name: 'Your offer' })).toBeVisible();
  await dana.getByRole('link', { name: 'Dashboard' }).click();
  await awake(dana);
  await expect(stage(dana, 'Offer sent').getByRole('link', { name: title })).toBeVisible();

  // The client reads it; Dana's card moves on while she looks.
  await client.goto('/dashboard');
  await expect(client.getByRole('table', { name: 'Your projects' }).getByRole('row', { name: new RegExp(title) }))
    .toContainText('1 (1 unread)');
  await client.getByRole('link', { name: title }).first().click();
  const received = client.getByRole('region', { name: 'Offers received' });
  await received.getByRole('button', { name: 'Open the offer from Dana Dash' }).click();
  await expect(received.getByRole('article', { name: 'Offer from Dana Dash' })).toBeVisible();
  await expect(stage(dana, 'Offer read').getByRole('link', { name: title })).toBeVisible();
  await expect(stage(dana, 'Offer sent').getByRole('link', { name: title })).toHaveCount(0);
  await expect(dana.getByRole('link', { name: /^Notifications, [1-9]\d* unread/ })).toBeVisible();
});

test('a client pays a fee from the dashboard, and the provider asks for a payout from theirs', async ({ browser }) => {
  const { client, paul, title } = await agreedProject(browser, 'zero_risk');

  // The client's dashboard says what is owed and takes the payment.
  await client.goto('/dashboard');
  await awake(client);
  const fees = client.getByRole('region', { name: 'Fees due' });
  await expect(fees.getByRole('table', { name: 'Fees due' })).toContainText('Zero-risk fee');
  await expect(fees.getByRole('table', { name: 'Fees due' })).toContainText('€105.00');
  await fees.getByText(`Pay the fees of “${title}”`).click();
  const zeroRisk = fees.locator('form', { has: client.getByRole('button', { name: /^Pay the zero-risk fee/ }) });
  await zeroRisk.getByLabel('Card number').fill('4242 4242 4242 4242');
  await zeroRisk.getByRole('button', { name: 'Pay the zero-risk fee (€105.00)' }).click();
  await expect(fees.getByRole('table', { name: 'Platform fees' }).getByRole('row', { name: /Zero-risk fee/ }))
    .toContainText('€105.00€0.00€105.00');

  // The client deposits and releases from the project's payment tab.
  await client.goto(paul.url());
  const payments = client.getByRole('region', { name: 'Payments (escrow)' });
  const deposit = payments.getByRole('form', { name: 'Deposit' });
  await deposit.getByLabel('Tranche').selectOption('1');
  await deposit.getByLabel('Amount to deposit (€)').fill('1000');
  // The first deposit also pays the commission still due: one card payment.
  const withIt = deposit.getByRole('table', { name: 'Fees paid with this deposit' });
  await expect(withIt.getByRole('row', { name: /Connection commission/ })).toContainText('€175.00');
  await expect(withIt.getByRole('row', { name: /Zero-risk fee/ })).toHaveCount(0);
  await expect(deposit.getByTestId('deposit-charged')).toHaveText('€1,175.00');
  await deposit.getByLabel('Card number').fill('4242 4242 4242 4242');
  await deposit.getByRole('button', { name: 'Pay into escrow' }).click();
  await expect(deposit.getByRole('status')).toContainText('with it, the connection commission of €175.00: €1,175.00 charged in all');
  await expect(withIt).toHaveCount(0);
  const release = payments.getByRole('form', { name: 'Release' });
  await release.getByLabel('Tranche').selectOption('1');
  await release.getByLabel('Amount to release (€)').fill('400');
  await release.getByRole('button', { name: 'Release to the provider' }).click();
  await expect(payments.getByRole('list', { name: 'Escrow history' })).toContainText('Released €400.00');

  // Paul's dashboard: the card asks for the payout, the money table agrees.
  await paul.goto('/dashboard');
  await awake(paul);
  const card = stage(paul, 'In progress').getByRole('listitem').filter({ hasText: title });
  await expect(card).toContainText('€400.00 released to you: request the payout with your invoice.');
  const money = paul.getByRole('region', { name: 'Your money' });
  await expect(money.getByRole('table', { name: 'Money by project' }).getByRole('row', { name: new RegExp(title) }))
    .toContainText('€600.00€400.00€0.00€0.00€400.00');
  // The card's step opens the payout form folded in the money section.
  await card.getByRole('link', { name: 'Request a payout' }).click();
  const form = money.getByRole('form', { name: 'Request a payout' });
  await expect(form).toBeVisible();
  await form.getByLabel('Amount to pay out (€)').fill('400');
  await form.getByLabel('Invoice (PDF)').setInputFiles({ name: 'invoice-dash.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% invoice\n') });
  await form.getByRole('button', { name: 'Request the payout' }).click();
  await expect(paul).toHaveURL(/\/dashboard\?payout=ok/);
  await expect(paul.getByRole('status').filter({ hasText: 'Payout requested' })).toBeVisible();
  await expect(money.getByRole('table', { name: 'Payout requests' }).getByRole('row', { name: new RegExp(title) }))
    .toContainText('Waiting for staff');
  await expect(stage(paul, 'In progress').getByRole('listitem').filter({ hasText: title }))
    .toContainText('held in escrow for your work');
});

test('a provider hides a project from the feed, finds it in the hidden list, and shows it again', async ({ browser }) => {
  const tag = unique();
  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Hana Hide', `hana-${tag}@example.com`);
  await provider.goto('/feed?all=1&q=yoga');
  const title = 'Application de réservation pour un studio de yoga';
  await expect(provider.getByRole('link', { name: title })).toBeVisible();
  await provider.getByRole('button', { name: `Hide “${title}” from my feed` }).click();
  await expect(provider.getByRole('status').filter({ hasText: 'is hidden from your feed and your digest' })).toBeVisible();
  await expect(provider.getByRole('list', { name: 'Projects' }).getByRole('link', { name: title })).toHaveCount(0);

  await provider.getByRole('link', { name: 'Hidden projects' }).first().click();
  await expect(provider.getByRole('heading', { level: 1, name: 'Hidden projects' })).toBeVisible();
  await provider.getByRole('button', { name: `Show again “${title}” in my feed` }).click();
  await expect(provider.getByRole('status').filter({ hasText: 'is back in your feed' })).toBeVisible();
  await expect(provider.getByText('You have not hidden any project.')).toBeVisible();
  await provider.goto('/feed?all=1&q=yoga');
  await expect(provider.getByRole('link', { name: title })).toBeVisible();
});
