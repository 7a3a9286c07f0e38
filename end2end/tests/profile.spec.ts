import { expect, logIn, newPerson, test, unique } from './helpers';

/** A 1×1 PNG: the server crops, resizes and re-encodes it. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

test('a provider fills their profile, photo and portfolio, and staff see it as clients do', async ({ browser }) => {
  const work = `Tea range packaging ${unique()}`;
  const sofia = await newPerson(browser);
  await logIn(sofia, 'sofia@demo.test');
  await sofia.goto('/dashboard');
  await sofia.getByRole('link', { name: 'My profile', exact: true }).click();
  await expect(sofia.getByRole('heading', { level: 1, name: 'Edit my profile' })).toBeVisible();

  // A file that is not an image is refused, in the page.
  const photo = sofia.locator('#photo');
  await photo.getByLabel(/^A photo of you/).setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.4 not an image') });
  await photo.getByRole('button', { name: 'Upload the photo' }).click();
  await expect(sofia.getByRole('alert')).toContainText('Upload a JPEG, PNG or WebP image.');
  // A photo straight from a camera, far over the limit: the refusal reaches
  // the page though the browser was still sending the file.
  await sofia.locator('#photo').getByLabel(/^A photo of you/).setInputFiles({ name: 'camera.png', mimeType: 'image/png', buffer: Buffer.concat([PIXEL, Buffer.alloc(20 << 20, 0)]) });
  await sofia.locator('#photo').getByRole('button', { name: 'Upload the photo' }).click();
  await expect(sofia.getByRole('alert')).toContainText('An image is at most 8 MB.');
  await sofia.locator('#photo').getByLabel(/^A photo of you/).setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PIXEL });
  await sofia.locator('#photo').getByRole('button', { name: 'Upload the photo' }).click();
  await expect(sofia.getByRole('status')).toContainText('stripped of its metadata');
  await expect(sofia.getByRole('img', { name: 'Your current photo' })).toBeVisible();

  // About: a wrong day rate is refused with its reason, then saved.
  const about = sofia.getByRole('form', { name: 'About you' });
  await about.getByLabel('About you and your work').fill('Brand identities and packaging for food shops, since 2015.');
  await about.getByRole('checkbox', { name: 'Graphic design' }).check();
  await about.getByLabel('Day rate from (€)').fill('500');
  await about.getByLabel('Day rate up to (€)').fill('400');
  await about.getByLabel('Languages (separated by commas)').fill('French, Italian');
  await about.getByRole('button', { name: 'Save my profile' }).click();
  await expect(sofia.getByText("The day rate's upper end is below its lower end.")).toBeVisible();
  const again = sofia.getByRole('form', { name: 'About you' });
  await expect(again.getByLabel('About you and your work')).toHaveValue('Brand identities and packaging for food shops, since 2015.');
  await again.getByLabel('Day rate up to (€)').fill('650');
  await again.getByRole('button', { name: 'Save my profile' }).click();
  await expect(sofia.getByRole('status')).toContainText('Your profile is saved.');

  // Portfolio: an item, then an image on it.
  const portfolio = sofia.locator('#portfolio');
  await portfolio.getByLabel('Title').fill(work);
  await portfolio.getByLabel('What you did').fill('Boxes and labels for six teas.');
  await portfolio.getByLabel('Link (optional)').fill('https://tea.example/range');
  await portfolio.getByRole('button', { name: 'Add to my portfolio' }).click();
  await expect(sofia.getByRole('status')).toContainText('The item is added');
  const item = sofia.getByRole('article', { name: work });
  await item.getByLabel(`An image for “${work}”`).setInputFiles({ name: 'box.png', mimeType: 'image/png', buffer: PIXEL });
  await item.getByRole('button', { name: 'Upload the image' }).click();
  await expect(sofia.getByRole('status')).toContainText('The image is saved');
  await expect(sofia.getByRole('article', { name: work }).getByRole('img')).toHaveCount(1);

  // Staff open her profile: everything shows.
  await sofia.getByRole('link', { name: 'See my profile as others do' }).click();
  await expect(sofia).toHaveURL(/\/people\/\d+$/);
  await expect(sofia.getByRole('heading', { level: 1, name: 'Sofia Lambert' })).toBeVisible();
  const profileUrl = sofia.url();
  const staff = await newPerson(browser);
  await logIn(staff, 'staff@demo.test');
  await staff.goto(profileUrl);
  await expect(staff.getByRole('heading', { level: 1, name: 'Sofia Lambert' })).toBeVisible();
  const shown = staff.getByRole('region', { name: 'About' });
  await expect(shown).toContainText('Brand identities and packaging');
  await expect(shown).toContainText('Graphic design');
  await expect(shown).toContainText('€500.00 to €650.00 a day');
  await expect(shown).toContainText('French, Italian');
  await expect(shown.getByRole('img', { name: 'Photo of Sofia Lambert' })).toHaveJSProperty('naturalWidth', 512);
  const portfolioShown = staff.getByRole('list', { name: 'Portfolio' });
  await expect(portfolioShown).toContainText(work);
  const image = portfolioShown.getByRole('img', { name: `Image of “${work}”` });
  // Loaded lazily: once scrolled to (the demo's portfolio grows each run).
  await image.scrollIntoViewIfNeeded();
  await expect(image).toHaveJSProperty('naturalWidth', 480);
});
