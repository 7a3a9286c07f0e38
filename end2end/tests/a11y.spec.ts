import { htmlErrors, problemsOn } from './checks';
import { expect, logIn, newPerson, test } from './helpers';

/**
 * Every page each role can reach, in French and in English:
 * - passes axe-core's WCAG 2.1 A and AA rules (any violation fails);
 * - in French, holds no English sentence: no English stop-word in its text,
 *   title, labels, placeholders or alternative texts;
 * - in either language, shows no unfilled `{placeholder}`;
 * - as the server sent it, is valid HTML (the Nu Html Checker).
 *
 * The pages are found the way a person finds them: from each role's
 * starting pages, every link of the site is followed (a few of each kind:
 * `/projects/12` and `/projects/13` are one kind), two links deep.
 *
 * This file runs first (files run in name order), so the site holds the
 * demo data only — in French — and no text another test typed in English.
 */

const STARTS: Record<string, string[]> = {
  visitor: [
    '/', '/login', '/signup', '/forgot-password', '/reset-password?token=x', '/verify-email?sent=1',
    '/confirm-email?token=x', '/aide', '/aide?q=mot+passe+oublie', '/help?q=lost+password',
    '/contact', '/conditions', '/paiement-risque-zero', '/facture', '/avertissement',
    '/unsubscribe?u=1&k=digest&s=x', '/no/such/page',
  ],
  'claire@demo.test': [
    '/dashboard', '/post-project', '/my/projects', '/notifications', '/account', '/settings/notifications',
  ],
  'paul@demo.test': [
    '/dashboard', '/feed', '/feed?all=1', '/feed/hidden', '/preferences', '/credits', '/leads', '/certification',
    '/profile/edit', '/notifications',
  ],
  'staff@demo.test': [
    '/dashboard', '/staff/queue', '/staff/leads/new', '/staff/credit-requests', '/staff/credits', '/staff/escrow',
    '/staff/emails', '/staff/people?q=demo', '/staff/fees', '/staff/certifications', '/staff/aide',
    '/staff/aide/new', '/staff/inbox', '/staff/conditions',
  ],
};

const SAME_KIND = 3;
const MOST_PAGES = 45;

/** The kind of page a path is: its digits and help slugs wildcarded. */
function kindOf(url: URL): string {
  const path = url.pathname
    .replace(/\d+/g, ':n')
    .replace(/^\/(aide|help|staff\/aide)\/[^/]+$/, '/$1/:slug');
  return `${path}?${[...url.searchParams.keys()].sort().join('&')}`;
}

function worthVisiting(url: URL, origin: string): boolean {
  return (
    url.origin === origin &&
    !/^\/(api|files|pkg)\//.test(url.pathname) &&
    !/\.(pdf|svg|png|jpe?g|css|js|wasm)$/.test(url.pathname)
  );
}

for (const [who, starts] of Object.entries(STARTS)) {
  for (const lang of ['fr', 'en'] as const) {
    test(`every page ${who} reaches passes axe${lang === 'fr' ? ' and is all French' : ''} in ${lang}`, async ({ browser }) => {
      test.setTimeout(300_000);
      const page = await newPerson(browser, lang === 'fr' ? 'fr-FR' : 'en-US');
      if (who !== 'visitor') await logIn(page, who, undefined, lang);
      const origin = new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1:3000').origin;
      const queue: { path: string; depth: number }[] = starts.map((path) => ({ path, depth: 0 }));
      const seen = new Set(starts);
      const kinds = new Map<string, number>();
      const found: string[] = [];
      const sent: { where: string; html: string }[] = [];
      let visited = 0;
      while (queue.length && visited < MOST_PAGES) {
        const { path, depth } = queue.shift()!;
        const kind = kindOf(new URL(path, origin));
        if ((kinds.get(kind) ?? 0) >= SAME_KIND) continue;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        visited++;
        const response = await page.goto(path);
        if (response) sent.push({ where: path, html: await response.text() });
        await expect(page.getByRole('contentinfo'), path).toBeVisible();
        await expect(page.locator('html'), path).toHaveAttribute('lang', lang);
        await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});

        found.push(...(await problemsOn(page, path)));

        if (depth >= 2) continue;
        const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
        for (const href of links) {
          const url = new URL(href);
          const next = url.pathname + url.search;
          if (!worthVisiting(url, origin) || seen.has(next)) continue;
          seen.add(next);
          queue.push({ path: next, depth: depth + 1 });
        }
      }
      found.push(...(await htmlErrors(sent)));
      console.log(`${who} (${lang}): ${visited} pages of ${kinds.size} kinds checked`);
      expect(found, found.join('\n')).toEqual([]);
    });
  }
}
