import { expect, logIn, newPerson, signUp, test, unique } from './helpers';

test('a provider subscribes to a plan, asks the client a question and the client answers', async ({ browser }) => {
  const tag = unique();
  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Iris Provider', `iris-${tag}@example.com`);
  await provider.goto('/credits');
  const plans = provider.getByRole('region', { name: 'Your plan' });
  await plans.getByLabel(/Standard/).check();
  await plans.getByLabel('Card number for the plan').fill('4000 0000 0000 0002');
  await plans.getByRole('button', { name: 'Subscribe and pay' }).click();
  await expect(plans.getByText(/declined/)).toBeVisible();
  await plans.getByLabel('Card number for the plan').fill('4242 4242 4242 4242');
  await plans.getByRole('button', { name: 'Subscribe and pay' }).click();
  await expect(plans.getByRole('status')).toContainText('Renews on');
  await expect(provider.getByLabel('Offer credits', { exact: true })).toContainText('5');
  await expect(provider.getByRole('table', { name: 'Statement' })).toContainText('Standard plan, credits until');
  await plans.getByRole('button', { name: 'Stop renewal' }).click();
  await expect(plans.getByRole('status')).toContainText('Renewal stopped');

  // The offer unlock opens the questions thread.
  await provider.goto('/feed?all=1&q=yoga');
  await provider.getByRole('link', { name: 'Application de réservation pour un studio de yoga' }).click();
  const unlocks = provider.getByRole('region', { name: 'Unlock with credits' });
  await unlocks.getByRole('button', { name: 'Unlock offer for 1 credit' }).click();
  const thread = provider.getByRole('region', { name: 'Questions and answers' });
  const question = `Do you already have a payment provider? (${tag})`;
  await thread.getByLabel('Your message').fill(question);
  await thread.getByRole('button', { name: 'Send' }).click();
  await expect(thread.getByRole('list', { name: 'Messages' })).toContainText(question);
  // Without a Privilege plan, staff notes stay closed.
  await expect(provider.getByRole('region', { name: 'Staff follow-up notes' })).toContainText('come with the Privilege plan');
  const url = provider.url();

  const client = await newPerson(browser);
  await logIn(client, 'hugo@demo.test');
  await client.goto(url);
  const clientThread = client.getByRole('region', { name: 'Questions and answers' });
  await expect(clientThread).toContainText(question);
  await clientThread.getByLabel('Your message').fill(`Yes, Stripe. (${tag})`);
  await clientThread.getByRole('button', { name: 'Send' }).click();
  await expect(clientThread.getByRole('list', { name: 'Messages' })).toContainText(`Yes, Stripe. (${tag})`);

  await provider.reload();
  await expect(provider.getByRole('region', { name: 'Questions and answers' })).toContainText(`Yes, Stripe. (${tag})`);
});

test('staff write a follow-up note that a Privilege provider reads', async ({ browser }) => {
  const tag = unique();
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/queue');
  const paul = await newPerson(browser);
  await logIn(paul, 'paul@demo.test');
  await paul.goto('/feed?all=1&q=yoga');
  await paul.getByRole('link', { name: 'Application de réservation pour un studio de yoga' }).click();
  // The page's code arrives first (each page is its own chunk), then the URL changes.
  await paul.waitForURL(/\/projects\/\d+$/);
  const url = paul.url();
  await staff.goto(url);
  const notes = staff.getByRole('region', { name: 'Staff follow-up notes' });
  await notes.getByLabel('New note').fill(`Client reached by phone (${tag}).`);
  await notes.getByRole('button', { name: 'Add the note' }).click();
  await expect(notes.getByRole('list', { name: 'Notes' })).toContainText(`Client reached by phone (${tag}).`);
  await paul.reload();
  await expect(paul.getByRole('region', { name: 'Staff follow-up notes' })).toContainText(`Client reached by phone (${tag}).`);
  await expect(paul.getByText('Last staff follow-up')).toBeVisible();
});

test('a client attaches a PDF to a project; a file that only claims to be a PDF is refused', async ({ browser }) => {
  const client = await newPerson(browser);
  await logIn(client, 'claire@demo.test');
  await client.goto('/my/projects');
  await client.getByRole('link', { name: 'Boutique en ligne pour une boulangerie bio' }).click();
  const files = client.getByRole('region', { name: 'Files' });
  await files.getByLabel('Add a file').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is not a PDF') });
  await files.getByRole('button', { name: 'Upload' }).click();
  await expect(client.getByRole('alert')).toContainText('Only PDF, PNG and JPEG files are accepted');
  const name = `brief-${unique()}.pdf`;
  await client.getByRole('region', { name: 'Files' }).getByLabel('Add a file').setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% brief\n') });
  await client.getByRole('region', { name: 'Files' }).getByRole('button', { name: 'Upload' }).click();
  await expect(client.getByRole('status').filter({ hasText: 'File uploaded.' })).toBeVisible();
  const link = client.getByRole('list', { name: 'Attached files' }).getByRole('link', { name });
  await expect(link).toBeVisible();
  const download = client.waitForEvent('download');
  await link.click();
  expect((await download).suggestedFilename()).toBe(name);
});
