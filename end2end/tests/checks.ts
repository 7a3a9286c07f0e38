import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * What every page must be, whatever state it shows:
 * - it passes axe-core's WCAG 2.1 A and AA rules (axe 4.14 counts "Label in
 *   Name", label-content-name-mismatch, among the A rules);
 * - in French, it holds no English sentence: no English stop-word in its
 *   text, title, labels, placeholders or alternative texts;
 * - in either language, it shows no unfilled `{placeholder}`.
 */

/** Words that only English has (none of them is also a French word). */
const ENGLISH = new Set(
  (
    'the and your you yours with this that these those is was were been being be has have had will would ' +
    'should could must can cannot of to for from by at it its into about than then them they their there ' +
    'here what which who whom whose when where why how not please only also more some any each every after ' +
    'before yet all my our we us he she his her him if while until because without within yes ' +
    // English words French texts replaced: the lead pages are "Mises en relation".
    'lead leads'
  ).split(' '),
);


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
    // Addresses, links and references (`test_u3:21ef19b5-be09-…`) are no
    // sentences, and what is quoted « … » is what a person wrote, in
    // whatever language they wrote it (a decision's note, a title).
    const plain = text.replace(/«[^»]*»/g, ' ').replace(/\S+@\S+/g, ' ').replace(/https?:\/\/\S+/g, ' ').replace(/\S*\d\S*/g, ' ');
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

/** What is wrong with the page as it is now (nothing: an empty list),
 * each problem prefixed with `where`. */
export async function problemsOn(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of result.violations) {
    const nodes = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
    found.push(`${where}: ${v.id} (${v.impact}) ${v.help} — ${nodes}`);
  }
  const french = (await page.locator('html').getAttribute('lang')) === 'fr';
  for (const text of untranslated(await texts(page), french)) found.push(`${where}: ${text}`);
  return found;
}

/**
 * The Nu Html Checker (the W3C validator, npm package `vnu-jar`, run with
 * the machine's Java) on pages as the server sent them, before any script
 * ran: their errors, each prefixed with where the page was found. What the
 * framework itself still writes is left out, each with its upstream issue
 * (the README lists them):
 */
const FRAMEWORK_ERRORS: { pattern: RegExp; why: string }[] = [
  // tachys (leptos' renderer) writes `<!>` as the marker of a view's
  // boundary, which HTML parses as a bogus comment; a real `<!---->` would
  // be valid (no upstream issue found: see the README).
  { pattern: /^Saw “<!>”|^Bogus comment/, why: 'hydration markers' },
  // leptos' HydrationScripts writes the CSP nonce as the value of
  // `crossorigin` on the wasm and JS preloads (leptos-rs/leptos#4843, fixed
  // by #4844 on the main branch, not in a 0.8 release as of 0.8.23).
  { pattern: /^Bad value “[^”]*” for attribute “crossorigin”/, why: 'nonce as crossorigin' },
  // leptos_axum appends the serialised resources in scripts after `</html>`
  // (no upstream issue found: see the README).
  { pattern: /^Stray start tag “script”|^Stray end tag/, why: 'script after </html>' },
  // What the checker says after the stray script above: nothing of ours.
  { pattern: /^Cannot recover after last error/, why: 'follows the stray script' },
];

export async function htmlErrors(pages: { where: string; html: string }[]): Promise<string[]> {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { execFileSync } = await import('node:child_process');
  // The jar the npm package ships (its install script, which would look
  // for a Java to download, is not needed: the machine has one).
  const vnu = join(process.cwd(), 'node_modules/vnu-jar/build/dist/vnu.jar');
  const dir = mkdtempSync(join(tmpdir(), 'vnu-'));
  try {
    const files = pages.map((p, i) => {
      const file = join(dir, `page-${i}.html`);
      writeFileSync(file, p.html);
      return file;
    });
    let out = '';
    try {
      execFileSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
    } catch (e) {
      // The checker exits 1 when it found errors, and writes them to stderr.
      out = (e as { stderr?: string }).stderr ?? '';
      if (!out.trim().startsWith('{')) throw e;
    }
    if (!out.trim()) return [];
    const messages: { url: string; type: string; message: string; extract?: string; lastLine?: number }[] =
      JSON.parse(out).messages;
    const found: string[] = [];
    for (const m of messages) {
      if (m.type !== 'error') continue;
      if (FRAMEWORK_ERRORS.some((f) => f.pattern.test(m.message))) continue;
      const index = Number(m.url.match(/page-(\d+)\.html$/)?.[1] ?? -1);
      const where = pages[index]?.where ?? m.url;
      found.push(`${where}: line ${m.lastLine}: ${m.message} — ${(m.extract ?? '').replace(/\s+/g, ' ').slice(0, 120)}`);
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
