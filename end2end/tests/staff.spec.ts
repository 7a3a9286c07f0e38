import { agreedProject, expect, logIn, newPerson, signUp, test, unique } from './helpers';

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
  await expect(staff.getByRole('list', { name: 'Account history' })).toContainText('Suspended by');

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

test('staff see an unpaid fee with its deadline and waive it with a reason; the payer is told', async ({ browser }) => {
  const { client, title, projectUrl } = await agreedProject(browser, 'basic');
  const id = projectUrl.split('/').pop();
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/fees');
  const row = staff.getByRole('table', { name: 'Unpaid fees' }).getByRole('row', { name: new RegExp(title) });
  await expect(row).toContainText('Connection commission');
  await expect(row).toContainText(/By \d{1,2} \w+ \d{4}/);
  await expect(row).toContainText('€175.00');
  await row.getByText('Waive…').click();
  const reason = row.getByLabel(`Reason for waiving the connection commission on project #${id}`);
  // Too short a reason is refused, and nothing is waived.
  await reason.fill('sorry');
  await reason.evaluate((el: HTMLTextAreaElement) => el.removeAttribute('minlength'));
  await row.getByRole('button', { name: 'Waive this fee' }).click();
  await expect(staff.getByRole('alert')).toContainText('At least 10 characters.');
  const again = staff.getByRole('table', { name: 'Unpaid fees' }).getByRole('row', { name: new RegExp(title) });
  await expect(again).toContainText('€175.00');
  await again.getByText('Waive…').click();
  await again.getByLabel(/^Reason for waiving/).fill('Goodwill: the card page failed for this client twice.');
  await again.getByRole('button', { name: 'Waive this fee' }).click();
  await expect(staff.getByRole('status')).toContainText('The fee is waived');
  await expect(staff.getByRole('table', { name: 'Unpaid fees' }).getByRole('row', { name: new RegExp(title) })).toHaveCount(0);

  // The client owes nothing more, and their fees table says so.
  await client.goto('/notifications');
  await expect(client.getByText(/is waived: you owe nothing more on it\. Reason: Goodwill/)).toBeVisible();
  await client.goto(projectUrl);
  const fees = client.getByRole('region', { name: 'Platform fees' });
  await expect(fees.getByRole('row', { name: /Connection commission/ })).toContainText('€175.00€0.00€0.00€0.00€175.00');
  await expect(fees.getByRole('button', { name: /^Pay the connection commission/ })).toHaveCount(0);
});
