import { expect, fillProject, inDays, logIn, newPerson, signUp, test, unique } from './helpers';

test('a provider applies for certification, staff check the references and certify, and the client sees the badge on the offer', async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = unique();
  const email = `cora-${tag}@example.com`;
  const cora = await newPerson(browser);
  await signUp(cora, 'provider', 'Cora Cert', email);

  // Cora applies from her dashboard; too few references are refused first.
  await cora.goto('/dashboard');
  await cora.getByRole('link', { name: 'Certification', exact: true }).click();
  await expect(cora.getByRole('heading', { level: 1, name: 'Certification' })).toBeVisible();
  const form = cora.getByRole('form', { name: 'Apply for certification' });
  const fill = async (n: number) => {
    const ref = form.getByRole('group', { name: new RegExp(`^Reference ${n}`) });
    await ref.getByLabel("Client's name").fill(`Client ${n} ${tag}`);
    await ref.getByLabel('Company').fill(`Company ${n}`);
    await ref.getByLabel('Email').fill(`ref${n}-${tag}@example.org`);
    await ref.getByLabel('Phone').fill('06 12 34 56 7' + n);
    await ref.getByLabel('What you did for them').fill(`An online shop with stock sync, number ${n}.`);
    await ref.getByLabel('Amount (€)').fill('4 500');
    await ref.getByLabel('Year').fill('2024');
  };
  await fill(1);
  await fill(2);
  await form.getByRole('button', { name: 'Send my application' }).click();
  await expect(cora.getByRole('alert')).toContainText('Give at least 3 client references.');
  const again = cora.getByRole('form', { name: 'Apply for certification' });
  await expect(again.getByRole('group', { name: /^Reference 1/ }).getByLabel("Client's name")).toHaveValue(`Client 1 ${tag}`);
  await fill(3);
  await again.getByRole('button', { name: 'Send my application' }).click();
  await expect(cora.getByRole('status')).toContainText('Your application is sent');
  await expect(cora.getByRole('note')).toContainText('Under review since');
  await expect(cora.getByRole('form', { name: 'Apply for certification' })).toHaveCount(0);

  // Staff check each reference, then certify.
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.getByRole('link', { name: 'Certifications', exact: true }).click();
  const application = () => staff.getByRole('article', { name: 'Application from Cora Cert' });
  await expect(application().getByRole('button', { name: 'Certify Cora Cert' })).toBeDisabled();
  for (const n of [1, 2, 3]) {
    await application().getByLabel(`Outcome of reference ${n}`).selectOption({ label: 'Confirmed' });
    await application().getByLabel(`Notes on reference ${n}`).fill(`Called on ${tag}: confirms the shop.`);
    await application().getByRole('button', { name: `Record the check of reference ${n}` }).click();
    await expect(staff.getByRole('status')).toContainText('The check is recorded');
  }
  await expect(application()).toContainText('3 of 3 references confirmed');
  await application().getByRole('button', { name: 'Certify Cora Cert' }).click();
  await expect(staff.getByRole('status')).toContainText('Certified: the badge shows');
  await expect(staff.getByRole('list', { name: 'Certified providers' })).toContainText('Cora Cert');

  // Cora is told, and sends an offer on a new project.
  await cora.goto('/certification');
  await expect(cora.getByText(/^Certified provider · since \d{1,2} \w+ \d{4}$/)).toBeVisible();
  await staff.goto('/staff/credits');
  await staff.getByLabel("Provider's email").fill(email);
  await staff.getByLabel('Credit kind').selectOption({ label: 'Offer' });
  await staff.getByLabel('Number of credits').fill('1');
  await staff.getByLabel('Reason').fill('Certification welcome');
  await staff.getByRole('button', { name: 'Record the movement' }).click();
  await expect(staff.getByRole('status')).toContainText('The provider now has 1.');

  const title = `Florist shop ${tag}`;
  const client = await newPerson(browser);
  await signUp(client, 'client', 'Flora Client', `flora-${tag}@example.com`);
  await client.goto('/post-project');
  await fillProject(client, {
    title,
    description: `An online shop for a florist, with delivery slots. Ref ${tag}.`,
    services: ['Web development'],
    region: 'Remote',
    min: '2000',
    max: '5000',
    start: inDays(20),
  });
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/was posted/)).toBeVisible();
  await staff.goto('/staff/queue');
  await staff.getByRole('button', { name: `Validate “${title}”` }).click();
  await expect(staff.getByText('Project validated: it is now in the feed.')).toBeVisible();

  await cora.goto(`/feed?all=1&q=${tag}`);
  await cora.getByRole('link', { name: title }).click();
  await cora.getByRole('button', { name: 'Unlock offer for 1 credit' }).click();
  const editor = cora.getByRole('region', { name: 'Make an offer' });
  await editor.getByLabel('Amount (€)').fill('3900');
  await editor.getByLabel('Duration (days)').fill('30');
  await editor.getByLabel('Message to the client').fill('Certified: three shops delivered, references checked.');
  await editor.getByRole('button', { name: 'Send the offer' }).click();
  await expect(cora.getByRole('region', { name: 'Your offer' })).toBeVisible();

  // The client sees the badge on the offer, in the contenders, and on the profile.
  await client.goto(cora.url());
  const row = client.getByRole('row', { name: /Cora Cert/ });
  await expect(row).toContainText(/Certified provider · since \d{1,2} \w+ \d{4}/);
  await client.getByRole('button', { name: 'Open the offer from Cora Cert' }).click();
  await expect(client.getByRole('article', { name: 'Offer from Cora Cert' })).toContainText('Certified provider');
  const agreement = client.getByRole('region', { name: 'Agreement' });
  await expect(agreement.getByLabel('Provider', { exact: true }).locator('option', { hasText: 'Cora Cert' }))
    .toContainText('certified provider since');
  await expect(agreement.getByRole('list', { name: "Contenders' profiles" }).getByRole('link', { name: "Cora Cert's profile" }))
    .toHaveAttribute('href', /^\/people\/\d+$/);
  await row.getByRole('link', { name: 'Cora Cert' }).click();
  await expect(client.getByRole('heading', { level: 1, name: 'Cora Cert' })).toBeVisible();
  await expect(client.getByText(/^Certified provider · since/)).toBeVisible();

  // The whole story is in Cora's history for staff.
  await staff.goto('/staff/people?q=' + encodeURIComponent(`cora-${tag}`));
  await staff.getByRole('list', { name: 'People found' }).getByRole('link', { name: 'Cora Cert' }).click();
  const history = staff.getByRole('list', { name: 'Account history' });
  await expect(history).toContainText('Applied for certification by Cora Cert');
  await expect(history).toContainText('Reference checked by');
  await expect(history).toContainText('Certified by');
});
