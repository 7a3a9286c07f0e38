import { agreedProject, expect, logIn, newPerson, signUp, test, unique } from './helpers';

test('basic formula: Paul pays the commission, a revision credits him, then completion and ratings', async ({ browser }) => {
  const { client, paul } = await agreedProject(browser, 'basic', true);
  // No escrow under the basic formula; the fees are there.
  await expect(paul.getByRole('table', { name: 'Platform fees' })).toBeVisible();
  await expect(paul.getByRole('region', { name: 'Payments (escrow)' })).toHaveCount(0);
  const fees = paul.getByRole('region', { name: 'Platform fees' });
  await expect(fees.getByRole('row', { name: /Connection commission/ })).toContainText('Paul Durand€175.00€175.00');
  await fees.getByLabel('Card number').fill('4242 4242 4242 4242');
  await fees.getByRole('button', { name: 'Pay the connection commission (€175.00)' }).click();
  await expect(fees.getByRole('row', { name: /Connection commission/ })).toContainText('€175.00€0.00€175.00€0.00');

  // The client proposes a lower amount; Paul accepts; the difference is his credit.
  const cfees = client.getByRole('region', { name: 'Platform fees' });
  await cfees.getByText('Lower the agreed amount').click();
  await cfees.getByLabel('New agreed amount (€)').fill('3600');
  await cfees.getByLabel('Why').fill('We dropped the blog section.');
  await cfees.getByRole('button', { name: 'Propose the revision' }).click();
  await expect(cfees.getByText(/lowers the agreed amount/)).toBeVisible();
  await cfees.getByLabel('New agreed amount (€)').fill('3000');
  await cfees.getByRole('button', { name: 'Propose the revision' }).click();
  await expect(cfees.getByRole('note')).toContainText('from €3,500.00 to €3,000.00');
  await paul.reload();
  await fees.getByRole('button', { name: 'Accept the revision' }).click();
  await expect(fees.getByRole('status')).toContainText('the commission is €25.00 lower');
  await expect(fees.getByRole('row', { name: /Connection commission/ })).toContainText('€150.00€0.00€175.00€25.00');

  // The client completes the project; each rates the other once.
  await client.reload();
  const done = client.getByRole('region', { name: 'Completion and ratings' });
  await done.getByRole('button', { name: 'Mark the project completed' }).click();
  await expect(done.getByText('The project is completed.')).toBeVisible();
  await done.getByLabel('5 stars').check();
  await done.getByLabel('Comment').fill('Clear, quick and on budget.');
  await done.getByRole('button', { name: 'Send the rating' }).click();
  await expect(done.getByRole('heading', { name: 'Your rating' })).toBeVisible();

  await paul.reload();
  const pdone = paul.getByRole('region', { name: 'Completion and ratings' });
  await expect(pdone.getByText('Clear, quick and on budget.')).toBeVisible();
  await pdone.getByRole('button', { name: 'Send the rating' }).click();
  await expect(pdone.getByText('Choose from 1 to 5 stars.')).toBeVisible();
  await pdone.getByLabel('4 stars').check();
  await pdone.getByRole('button', { name: 'Send the rating' }).click();
  await expect(pdone.getByRole('heading', { name: 'Your rating' })).toBeVisible();
  await pdone.getByRole('link', { name: /'s profile/ }).click();
  await expect(paul.getByRole('heading', { level: 1 })).toHaveText('Chloe Client');
  await expect(paul.getByText('★ 4.0 / 5 · 1 rating')).toBeVisible();
});

test('a provider shows their profile to every member, and only then does a stranger see it', async ({ browser }) => {
  const paul = await newPerson(browser);
  await logIn(paul, 'paul@demo.test');
  await paul.goto('/preferences');
  await paul.getByRole('link', { name: 'Your profile' }).click();
  // The page's code arrives first (each page is its own chunk), then the URL changes.
  await paul.waitForURL(/\/people\/\d+$/);
  const profileUrl = paul.url();
  const stranger = await newPerson(browser);
  await signUp(stranger, 'client', 'Stranger Client', `stranger-${unique()}@example.com`);
  await stranger.goto(profileUrl);
  await expect(stranger.getByRole('alert')).toContainText(/There is no profile #\d+\./);
  const visibility = paul.getByRole('region', { name: 'Who sees this profile' });
  await visibility.getByRole('checkbox').check();
  await visibility.getByRole('button', { name: 'Save' }).click();
  await expect(visibility.getByRole('status')).toContainText('Saved.');
  await stranger.reload();
  await expect(stranger.getByRole('heading', { name: 'Paul Durand' })).toBeVisible();
  // Back to private, as the demo has it.
  await visibility.getByRole('checkbox').uncheck();
  await visibility.getByRole('button', { name: 'Save' }).click();
  await stranger.reload();
  await expect(stranger.getByRole('alert')).toContainText(/There is no profile #\d+\./);
});
