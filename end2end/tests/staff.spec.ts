import { expect, logIn, newPerson, signUp, test, unique } from './helpers';

test('staff find a provider, suspend the account with a reason, then reinstate it', async ({ browser }) => {
  const tag = unique();
  const email = `sam-${tag}@example.com`;
  const sam = await newPerson(browser);
  await signUp(sam, 'provider', 'Sam Suspect', email);
  await sam.goto('/dashboard');
  await expect(sam.getByRole('button', { name: 'Log out' })).toBeVisible();

  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.getByRole('link', { name: 'Search', exact: true }).click();
  await staff.getByLabel('Name, email, words or number').fill(`sam-${tag}`);
  await staff.getByRole('button', { name: 'Search', exact: true }).click();
  await staff.getByRole('list', { name: 'People found' }).getByRole('link', { name: 'Sam Suspect' }).click();
  await expect(staff.getByRole('heading', { level: 1, name: 'Sam Suspect' })).toBeVisible();

  // A reason is required, and kept.
  await staff.getByText('Suspend the account').click();
  await staff.getByLabel(/^Reason/).fill('Invoices for work never done, reported twice.');
  await staff.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(staff.getByRole('status')).toContainText('The account is suspended');
  await expect(staff.getByRole('note')).toContainText('Invoices for work never done');
  await expect(staff.getByRole('list', { name: 'Account history' })).toContainText('suspended by');

  // Sam's open session is over; logging in again is refused with the reason.
  await sam.reload();
  await expect(sam.getByRole('button', { name: 'Log out' })).toHaveCount(0);
  await sam.goto('/login');
  await sam.getByLabel('Email').fill(email);
  await sam.getByLabel('Password').fill('a long enough password');
  await sam.getByRole('button', { name: 'Log in' }).click();
  await expect(sam.getByText(/This account is suspended: Invoices for work never done/)).toBeVisible();

  await staff.getByText('Reinstate the account').click();
  await staff.getByLabel(/^Reason/).fill('Checked with both clients: a misunderstanding.');
  await staff.getByRole('button', { name: 'Reinstate', exact: true }).click();
  await expect(staff.getByRole('status')).toContainText('The account is reinstated');
  await logIn(sam, email, 'a long enough password');
});
