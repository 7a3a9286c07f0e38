import { expect, logIn, newPerson, test } from './helpers';

/**
 * The files a page loads are named by their content and kept by the
 * browser for a year without asking again; the page itself is always asked
 * for again, so a new build's page never pairs with an old wasm. Every page
 * describes itself in its language.
 */
test('built files are named by their content and immutable; pages are not; every page has a description', async ({ browser }) => {
  const page = await newPerson(browser, 'fr-FR');
  const built: { url: string; cache: string | undefined }[] = [];
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/pkg/')) built.push({ url: url.pathname, cache: r.headers()['cache-control'] });
  });
  const home = await page.goto('/');
  expect(home?.headers()['cache-control']).toBe('no-cache');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', /.*/);
  await page.goto('/aide');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', /.*/);
  // The stylesheet, the JS, the shared wasm, the splitter's loader and
  // manifest, and the chunks of the two pages.
  expect(built.map((b) => b.url)).toEqual(expect.arrayContaining([
    expect.stringMatching(/^\/pkg\/marketplace\.[\w-]{22}\.css$/),
    expect.stringMatching(/^\/pkg\/marketplace\.[\w-]{22}\.js$/),
    expect.stringMatching(/^\/pkg\/marketplace\.[\w-]{22}\.wasm$/),
  ]));
  expect(built.length).toBeGreaterThan(4);
  for (const b of built) {
    expect(b.cache, b.url).toBe('public, max-age=31536000, immutable');
  }
  await expect(page.locator('meta[name=description]')).toHaveAttribute('content', /^Publiez votre projet gratuitement/);

  // Signed in, in English: the page is no-store, and described in English.
  const paul = await newPerson(browser);
  await logIn(paul, 'paul@demo.test');
  const dashboard = await paul.goto('/dashboard');
  expect(dashboard?.headers()['cache-control']).toBe('no-store');
  await expect(paul.locator('meta[name=description]')).toHaveAttribute('content', /^Post a project for free/);
  // The project page says its title in the HTML the server sends, before
  // any script runs.
  const feed = await paul.request.get('/feed');
  const id = (await feed.text()).match(/href="\/projects\/(\d+)"/)?.[1];
  expect(id).toBeTruthy();
  const html = await (await paul.request.get(`/projects/${id}`)).text();
  expect(html).toMatch(/<title>[^<]+ · Marketplace<\/title>/);
  expect(html).not.toMatch(/<title>Marketplace<\/title>/);
});
