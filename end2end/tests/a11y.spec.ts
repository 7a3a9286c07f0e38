import AxeBuilder from '@axe-core/playwright';
import { expect, logIn, newPerson, test, type Page } from './helpers';

/**
 * Every page each role can reach, in French and in English:
 * - passes axe-core's WCAG 2.1 A and AA rules (any violation fails);
 * - in French, holds no English sentence: no English stop-word in its text,
 *   title, labels, placeholders or alternative texts;
 * - in either language, shows no unfilled `{placeholder}`.
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

/** Words that only English has (none of them is also a French word). */
const ENGLISH = new Set(
  (
    'the and your you yours with this that these those is was were been being be has have had will would ' +
    'should could must can cannot of to for from by at it its into about than then them they their there ' +
    'here what which who whom whose when where why how not please only also more some any each every after ' +
    'before yet all my our we us he she his her him if while until because without within yes'
  ).split(' '),
);

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

/** Every text a person can read or hear on the page in its language:
 * text nodes (also in closed disclosures and dialogs), accessible names and
 * descriptions, placeholders, alternative texts, the tab's title. A part
 * marked as in another language (`lang="en"` on the English side of a
 * staff editor, say) is left out, as a screen reader would switch voice. */
function texts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pageLang = document.documentElement.lang;
    const ours = (el: Element | null) => (el?.closest('[lang]')?.getAttribute('lang') ?? pageLang) === pageLang;
    const out: string[] = [document.title];
    const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        for (let e = node.parentElement; e; e = e.parentElement) {
          if (skip.has(e.tagName)) return NodeFilter.FILTER_REJECT;
        }
        return ours(node.parentElement) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n.nodeValue ?? '');
    const attributes = ['aria-label', 'aria-description', 'title', 'placeholder', 'alt'];
    for (const el of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(','))) {
      if (!ours(el)) continue;
      for (const a of attributes) out.push(el.getAttribute(a) ?? '');
    }
    for (const el of document.querySelectorAll<HTMLInputElement>('input[type=submit], input[type=button]')) {
      out.push(el.value);
    }
    const description = document.querySelector<HTMLMetaElement>('meta[name=description]');
    if (description) out.push(description.content);
    return out.filter((t) => t.trim() !== '');
  });
}

/** The English words and unfilled placeholders in `all`, with their context. */
function untranslated(all: string[], french: boolean): string[] {
  const found: string[] = [];
  for (const raw of all) {
    const text = raw.replace(/\s+/g, ' ').trim();
    const placeholder = text.match(/\{[a-z_]+\}/);
    if (placeholder) found.push(`unfilled ${placeholder[0]} in “${text.slice(0, 80)}”`);
    if (!french) continue;
    // Addresses, links and references (`test_u3:21ef19b5-be09-…`) are no sentences.
    const plain = text.replace(/\S+@\S+/g, ' ').replace(/https?:\/\/\S+/g, ' ').replace(/\S*\d\S*/g, ' ');
    for (const m of plain.matchAll(/\p{L}+/gu)) {
      if (ENGLISH.has(m[0].toLowerCase())) {
        const at = m.index ?? 0;
        found.push(`“${m[0]}” in “${plain.slice(Math.max(0, at - 40), at + 40)}”`);
        break;
      }
    }
  }
  return found;
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
      let visited = 0;
      while (queue.length && visited < MOST_PAGES) {
        const { path, depth } = queue.shift()!;
        const kind = kindOf(new URL(path, origin));
        if ((kinds.get(kind) ?? 0) >= SAME_KIND) continue;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        visited++;
        await page.goto(path);
        await expect(page.getByRole('contentinfo'), path).toBeVisible();
        await expect(page.locator('html'), path).toHaveAttribute('lang', lang);
        await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});

        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        for (const v of result.violations) {
          const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
          found.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${where}`);
        }
        for (const text of untranslated(await texts(page), lang === 'fr')) found.push(`${path}: ${text}`);

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
      console.log(`${who} (${lang}): ${visited} pages of ${kinds.size} kinds checked`);
      expect(found, found.join('\n')).toEqual([]);
    });
  }
}
