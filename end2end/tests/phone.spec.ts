import { expect, logIn, newPerson, test } from './helpers';
import type { Page } from '@playwright/test';

/**
 * On a 390-px phone no page scrolls sideways: every page, for every role,
 * including a project with its payment tab, whose tranches become cards.
 */
const PAGES: Record<string, string[]> = {
  visitor: ['/', '/login', '/signup', '/forgot-password', '/no/such/page'],
  'claire@demo.test': ['/dashboard', '/profile/edit', '/post-project', '/my/projects', '/notifications', '/account', '/settings/notifications'],
  'paul@demo.test': ['/dashboard', '/feed', '/feed/hidden', '/preferences', '/credits', '/leads', '/account', '/certification', '/profile/edit'],
  'staff@demo.test': [
    '/dashboard', '/staff/queue', '/staff/leads/new', '/staff/credit-requests', '/staff/credits',
    '/staff/escrow', '/staff/emails', '/staff/people?q=demo', '/staff/people/1', '/staff/fees', '/staff/certifications',
  ],
};

/** How far the document is wider than the screen, in pixels. */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function settled(page: Page, signedIn: boolean) {
  if (signedIn) await expect(page.getByRole('link', { name: /^Notifications/ })).toBeVisible();
  else await page.waitForLoadState('networkidle');
}

for (const [who, paths] of Object.entries(PAGES)) {
  test(`no page scrolls sideways on a 390-px phone for ${who}`, async ({ browser }) => {
    const page = await newPerson(browser);
    await page.setViewportSize({ width: 390, height: 844 });
    const signedIn = who !== 'visitor';
    if (signedIn) await logIn(page, who);
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(path);
      await settled(page, signedIn);
      const extra = await overflow(page);
      if (extra > 0) wide.push(`${path} (+${extra} px)`);
    }
    // The project in progress, with its payment tab, for each party.
    if (who === 'claire@demo.test' || who === 'paul@demo.test') {
      await page.goto('/dashboard');
      await page.getByRole('link', { name: 'Audit d’accessibilité d’un site de formation en ligne' }).first().click();
      const tab = page.getByRole('region', { name: 'Payments (escrow)' });
      await expect(tab.getByText('Live', { exact: true })).toBeVisible();
      const extra = await overflow(page);
      if (extra > 0) wide.push(`the project in progress (+${extra} px)`);
      // Each tranche is one card: every figure (planned, deposited, held,
      // released, refunded) within the screen's width, none cut off.
      const cells = tab.getByRole('table', { name: 'Escrow tranches' }).getByRole('row', { name: /^Rapport d’audit/ }).getByRole('cell');
      await expect(cells).toHaveCount(5);
      for (const cell of await cells.all()) {
        const box = await cell.boundingBox();
        expect(box, 'a tranche figure is shown').not.toBeNull();
        expect(box!.x, 'a tranche figure starts on screen').toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, 'a tranche figure ends on screen').toBeLessThanOrEqual(390);
      }
    }
    expect(wide, 'pages wider than the screen').toEqual([]);
  });
}
