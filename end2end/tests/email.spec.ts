import { confirmEmail, expect, fillProject, headerOf, inDays, linkIn, logIn, mailTo, mailsTo, newPerson, signUp, test, unique } from './helpers';

test('a new client confirms their address from the email before posting', async ({ browser }) => {
  const tag = unique();
  const email = `vera-${tag}@example.com`;
  const client = await newPerson(browser);
  await signUp(client, 'client', 'Vera Verify', email, { verify: false });
  const banner = client.getByRole('status').filter({ hasText: 'Confirm your email address' });
  await expect(banner).toContainText(email);

  // Posting is refused, with the way out, and nothing is posted.
  await client.getByRole('link', { name: 'Post a project' }).first().click();
  const title = `Verified shop ${tag}`;
  const shop = {
    title,
    description: `A shop posted once the address is confirmed. Ref ${tag}.`,
    services: ['Web development'],
    region: 'Bretagne',
    min: '2000',
    max: '4000',
    start: inDays(12),
  };
  await fillProject(client, shop);
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/Confirm your email address first/)).toBeVisible();

  // The first email arrived; ask for another one, which replaces it.
  const first = await mailTo(email, 'Confirm your email address');
  expect(first.text).toContain('Hello Vera Verify,');
  expect(first.html).toContain('Confirm my email');
  const before = (await mailsTo(email)).length;
  await banner.getByRole('button', { name: 'Resend the link' }).click();
  await expect(client.getByText('We sent a new link to your email address.')).toBeVisible();
  const second = await mailTo(email, 'Confirm your email address', before);
  expect(linkIn(second, '/verify-email')).not.toEqual(linkIn(first, '/verify-email'));

  // The older link no longer works; the new one does.
  await client.goto(linkIn(first, '/verify-email'));
  await client.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(client.getByText('This link has expired or was already used.')).toBeVisible();
  await confirmEmail(client, email);
  await expect(banner).toHaveCount(0);

  await client.getByRole('link', { name: 'Post a project' }).first().click();
  await fillProject(client, shop);
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByRole('row', { name: new RegExp(title) }).getByText('Awaiting validation')).toBeVisible();
});

test('a provider who forgot their password chooses a new one from the email', async ({ browser }) => {
  const tag = unique();
  const email = `rita-${tag}@example.com`;
  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Rita Reset', email);

  // Someone else, in another browser, asks for a reset of that address.
  const person = await newPerson(browser);
  await person.goto('/login');
  await person.getByRole('link', { name: 'Forgot your password?' }).click();
  // The log-in page has an Email field too: wait for the new page first.
  await expect(person.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  await person.getByLabel('Email').fill(email);
  await person.getByRole('button', { name: 'Send me a link' }).click();
  await expect(person.getByText(/If an account uses this address, we have sent it a link/)).toBeVisible();

  const mail = await mailTo(email, 'Choose a new password');
  await person.goto(linkIn(mail, '/reset-password'));
  await person.getByLabel('New password').fill('short');
  await person.getByRole('button', { name: 'Set my new password' }).click();
  await expect(person.getByText('At least 10 characters.', { exact: true })).toBeVisible();
  await person.getByLabel('New password').fill('my brand new passphrase');
  await person.getByRole('button', { name: 'Set my new password' }).click();
  await expect(person).toHaveURL(/\/login\?reset=1$/);
  await expect(person.getByText('Your password was changed and every session signed out.')).toBeVisible();

  // The old password no longer opens the account; the new one does.
  await person.getByLabel('Email').fill(email);
  await person.getByLabel('Password').fill('a long enough password');
  await person.getByRole('button', { name: 'Log in' }).click();
  await expect(person.getByText('Email or password is incorrect.')).toBeVisible();
  await logIn(person, email, 'my brand new passphrase');

  // The session opened at sign-up was signed out; the account was told.
  await provider.reload();
  await expect(provider.getByRole('button', { name: 'Log out' })).toHaveCount(0);
  const told = await mailTo(email, 'Your password was changed');
  expect(told.text).toContain('you were signed out everywhere else');

  // The link works once.
  await person.goto(linkIn(mail, '/reset-password'));
  await person.getByLabel('New password').fill('yet another passphrase');
  await person.getByRole('button', { name: 'Set my new password' }).click();
  await expect(person.getByText('This link has expired or was already used.')).toBeVisible();
  await expect(person.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
});

test('a provider chooses new matching projects by email and gets the alert once one is published', async ({ browser }) => {
  const tag = unique();
  const email = `alba-${tag}@example.com`;
  const provider = await newPerson(browser);
  await signUp(provider, 'provider', 'Alba Alert', email);

  // By default new matching projects wait for the daily digest.
  await provider.goto('/notifications');
  await provider.getByRole('link', { name: 'Choose what comes by email' }).click();
  const matching = provider.getByLabel('A new project matches your preferences');
  await expect(matching).toHaveValue('project_matching:digest');
  await expect(provider.getByLabel('Daily digest (Paris time)')).toHaveValue('8');
  await matching.selectOption({ label: 'Email at once' });
  await provider.getByRole('button', { name: 'Save my email settings' }).click();
  await expect(provider.getByText('Your email settings are saved.')).toBeVisible();
  await expect(provider.getByLabel('A new project matches your preferences')).toHaveValue('project_matching:email');

  // A client posts a project, staff publish it.
  const title = `Alerted project ${tag}`;
  const client = await newPerson(browser);
  await logIn(client, 'claire@demo.test');
  await client.getByRole('link', { name: 'Post a project' }).first().click();
  await fillProject(client, {
    title,
    description: `A project every provider without preferences matches. Ref ${tag}.`,
    services: ['Legal advice'],
    region: 'Corse',
    min: '1000',
    max: '2000',
    start: inDays(15),
  });
  await client.getByRole('button', { name: 'Post the project' }).click();
  await expect(client.getByText(/was posted\. Staff will review it/)).toBeVisible();
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/queue');
  await staff.getByRole('button', { name: `Validate “${title}”` }).click();
  await expect(staff.getByText('Project validated: it is now in the feed.')).toBeVisible();

  // The alert arrives by email and leads to the project; the client is told too.
  const alert = await mailTo(email, 'A new project matches your preferences');
  expect(alert.text).toContain(`New project matching your preferences: “${title}”.`);
  await provider.goto(linkIn(alert, '/projects/'));
  await expect(provider.getByRole('heading', { level: 1, name: title })).toBeVisible();
  // Claire never chose a language: her emails come in French.
  const published = await mailTo('claire@demo.test', 'Votre projet est en ligne');
  expect(published.text).toContain(title);
});

test('one click in the daily digest turns it off', async ({ browser, request }) => {
  // The demo told Paul of new projects "yesterday": his digest went out
  // when the server started.
  const digest = await mailTo('paul@demo.test', 'Votre récapitulatif du jour');
  expect(digest.text).toContain('Nouveau projet correspondant à vos préférences');
  const header = (await headerOf(digest, 'List-Unsubscribe')) ?? '';
  expect(await headerOf(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  const link = header.replace(/^<|>$/g, '');
  expect(link).toMatch(/\/unsubscribe\?u=\d+&k=digest&s=[0-9a-f]{64}$/);
  expect(digest.text).toContain(`Ne plus recevoir ces e-mails\u202f: ${link}`);

  // A forged link changes nothing.
  const forged = link.replace(/s=[0-9a-f]{4}/, 's=0000');
  const refused = await request.post(forged, {
    data: 'List-Unsubscribe=One-Click',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  expect(refused.status()).toBe(403);

  // The mail client's one-click post, as RFC 8058 has it.
  const done = await request.post(link, {
    data: 'List-Unsubscribe=One-Click',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  expect(done.status()).toBe(200);

  const paul = await newPerson(browser);
  await logIn(paul, 'paul@demo.test');
  await paul.goto('/settings/notifications');
  await expect(paul.getByLabel('Daily digest (Paris time)')).toHaveValue('none');
  // Back on, from the settings page.
  await paul.getByLabel('Daily digest (Paris time)').selectOption('8');
  await paul.getByRole('button', { name: 'Save my email settings' }).click();
  await expect(paul.getByText('Your email settings are saved.')).toBeVisible();
  await expect(paul.getByLabel('Daily digest (Paris time)')).toHaveValue('8');

  // A person opening the link sees a page with the button instead.
  await paul.goto(new URL(link).pathname + new URL(link).search);
  await paul.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(paul.getByText('Done: no more emails about the daily digest.')).toBeVisible();
});

test('staff write a lead for a new address and the client takes the account from the invitation', async ({ browser }) => {
  const tag = unique();
  const email = `ines-${tag}@example.com`;
  const title = `Invited project ${tag}`;
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/leads/new');
  await staff.getByLabel("Client's email").fill(email);
  await staff.getByLabel("Client's phone").fill('+33 6 11 22 33 44');
  await staff.getByLabel('Title').fill(title);
  await staff.getByLabel('Description').fill('Written from a call with a client who has no account yet.');
  await staff.getByLabel('Renovation & building').check();
  await staff.getByLabel('Region').selectOption({ label: 'Normandie' });
  await staff.getByLabel('Budget from (€)').fill('3000');
  await staff.getByLabel('Budget up to (€)').fill('5000');
  await staff.getByLabel('Desired start').fill(inDays(20));
  await staff.getByLabel('Referral price (€)').fill('25');
  // No account and no name: staff are asked for the name.
  await staff.getByRole('button', { name: 'Publish the lead' }).click();
  await expect(staff.getByText(/give the client's name/)).toBeVisible();
  await staff.getByLabel("Client's name (new account only)").fill('Inès Invitée');
  await staff.getByRole('button', { name: 'Publish the lead' }).click();
  await expect(staff.getByRole('status')).toContainText('is published and offered to matching providers');

  // The invitation arrives; the client chooses a password and logs in.
  // An invited client has never chosen a language: French.
  const invite = await mailTo(email, `Votre projet « ${title} » est sur Marketplace`);
  expect(invite.text).toContain('Bonjour Inès Invitée,');
  const client = await newPerson(browser);
  await client.goto(linkIn(invite, '/reset-password'));
  await expect(client.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await client.getByLabel('New password').fill('my invited passphrase');
  await client.getByRole('button', { name: 'Set my new password' }).click();
  await expect(client.getByText('Your account is ready.')).toBeVisible();
  await logIn(client, email, 'my invited passphrase');
  await expect(client).toHaveURL(/\/dashboard/);
  await expect(client.getByRole('row', { name: new RegExp(title) })).toBeVisible();
  // Confirmed by the invitation itself: no banner.
  await expect(client.getByText(/Confirm your email address: we sent a link/)).toHaveCount(0);

  // Staff's outbox page shows nothing given up.
  await staff.getByRole('link', { name: 'Emails' }).click();
  await expect(staff.getByRole('heading', { name: 'Emails' })).toBeVisible();
  await expect(staff.getByText(/sent in the last 24 hours/)).toBeVisible();
});

test('a person renames themselves and changes their password from their account page', async ({ browser }) => {
  const tag = unique();
  const email = `owen-${tag}@example.com`;
  const me = await newPerson(browser);
  await signUp(me, 'client', 'Owen Owner', email);
  const other = await newPerson(browser);
  await logIn(other, email, 'a long enough password');

  await me.getByRole('link', { name: 'Owen Owner' }).click();
  await expect(me.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await me.getByLabel('Display name').fill('Owen O.');
  await me.getByRole('button', { name: 'Save my name' }).click();
  await expect(me.getByText('Your name is changed.')).toBeVisible();
  await expect(me.getByRole('link', { name: 'Owen O.' })).toBeVisible();

  const password = me.getByRole('region', { name: 'Password' });
  await password.getByLabel('Current password').fill('not my password');
  await password.getByLabel('New password').fill('an even better passphrase');
  await password.getByRole('button', { name: 'Change my password' }).click();
  await expect(me.getByText('This is not your current password.')).toBeVisible();
  await password.getByLabel('Current password').fill('a long enough password');
  await password.getByLabel('New password').fill('an even better passphrase');
  await password.getByRole('button', { name: 'Change my password' }).click();
  await expect(me.getByText('Your password is changed. Every other session was signed out.')).toBeVisible();
  await expect(me.getByRole('button', { name: 'Log out', exact: true })).toBeVisible();
  await other.reload();
  await expect(other.getByRole('button', { name: 'Log out' })).toHaveCount(0);
  const told = await mailTo(email, 'Your password was changed');
  expect(told.text).toContain('you were signed out everywhere else');
});

test('a person signs out a lost laptop, moves to a new address, then deletes the account', async ({ browser }) => {
  const tag = unique();
  const email = `lena-${tag}@example.com`;
  const moved = `lena-${tag}@new.example`;
  const me = await newPerson(browser);
  await signUp(me, 'provider', 'Lena Leaving', email);
  const laptop = await newPerson(browser);
  await logIn(laptop, email, 'a long enough password');

  // Two browsers are listed; the other one is signed out from here.
  await me.goto('/account');
  const sessions = me.getByRole('table', { name: 'Sessions' });
  await expect(sessions.getByRole('row')).toHaveCount(3);
  await expect(sessions.getByText('This browser')).toBeVisible();
  await sessions.getByRole('button', { name: /^Sign out / }).click();
  await expect(me.getByText('That session is signed out.')).toBeVisible();
  await expect(me.getByRole('table', { name: 'Sessions' }).getByRole('row')).toHaveCount(2);
  await laptop.reload();
  await expect(laptop.getByRole('button', { name: 'Log out' })).toHaveCount(0);

  // A new address: nothing changes until its link is opened.
  const address = me.getByRole('region', { name: 'Email address' });
  await address.getByLabel('New email address').fill(moved);
  await address.getByLabel('Current password').fill('a long enough password');
  await address.getByRole('button', { name: 'Send a confirmation link' }).click();
  await expect(me.getByText(/We sent a link to your new address/)).toBeVisible();
  const link = await mailTo(moved, 'Confirm your new email address');
  await me.goto(linkIn(link, '/confirm-email'));
  await me.getByRole('button', { name: 'Confirm my new address' }).click();
  await expect(me.getByText('Your account now uses this address.')).toBeVisible();
  const told = await mailTo(email, 'Your email address was changed');
  expect(told.text).toContain(moved);

  // Deleting: the password is asked, then the account is gone.
  await me.goto('/account');
  await expect(me.getByText(`Signed in as ${moved}.`)).toBeVisible();
  const remove = me.getByRole('region', { name: 'Delete my account' });
  await remove.getByLabel('Current password').fill('a long enough password');
  await remove.getByRole('button', { name: 'Delete my account' }).click();
  await expect(me.getByText('Your account is deleted.')).toBeVisible();
  await expect(me.getByRole('button', { name: 'Log out' })).toHaveCount(0);
  await mailTo(moved, 'Your account was deleted');
  await me.getByLabel('Email').fill(moved);
  await me.getByLabel('Password').fill('a long enough password');
  await me.getByRole('button', { name: 'Log in' }).click();
  await expect(me.getByText('Email or password is incorrect.')).toBeVisible();
});

test('staff post an open tender for a client on the phone, and the client finds it theirs', async ({ browser }) => {
  const tag = unique();
  const email = `otto-${tag}@example.com`;
  const title = `Tender from a call ${tag}`;
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto('/staff/leads/new');
  await staff.getByLabel(/An open tender/).check();
  // A tender has no referral price or cap to fill; the phone, it has.
  await expect(staff.getByLabel('Referral price (€)')).toHaveCount(0);
  await staff.getByLabel("Client's email").fill(email);
  await staff.getByLabel("Client's name (new account only)").fill('Otto Ouvert');
  await staff.getByLabel("Client's phone").fill('07 11 22 33 44');
  await staff.getByLabel('Title').fill(title);
  await staff.getByLabel('Description').fill('Written from a call, published at once as an open tender.');
  await staff.getByLabel('Renovation & building').check();
  await staff.getByLabel('Region').selectOption({ label: 'Normandie' });
  await staff.getByLabel('Budget from (€)').fill('3000');
  await staff.getByLabel('Budget up to (€)').fill('5000');
  await staff.getByLabel('Desired start').fill(inDays(20));
  await staff.getByRole('button', { name: 'Publish the project' }).click();
  await expect(staff.getByRole('status')).toContainText('is published as an open tender for its client');

  const invite = await mailTo(email, `Votre projet « ${title} » est sur Marketplace`);
  const client = await newPerson(browser);
  await client.goto(linkIn(invite, '/reset-password'));
  await client.getByLabel('New password').fill('my invited passphrase');
  await client.getByRole('button', { name: 'Set my new password' }).click();
  await logIn(client, email, 'my invited passphrase');
  await expect(client.getByRole('row', { name: new RegExp(title) }).getByText('Published')).toBeVisible();
});
