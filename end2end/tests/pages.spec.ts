import { expect, logIn, newPerson, test } from './helpers';

/**
 * Every page, loaded directly (server-rendered, then hydrated), by every
 * role: the fixture fails the test on any panic in the wasm (a hydration
 * mismatch) and on anything the security policy refuses.
 */
const ROUTES = [
  '/', '/login', '/signup', '/post-project', '/my/projects', '/feed', '/preferences', '/projects/1',
  '/credits', '/leads', '/notifications', '/people/1', '/staff/queue', '/staff/credits',
  '/staff/leads/new', '/staff/credit-requests', '/staff/escrow', '/verify-email', '/verify-email?token=x',
  '/verify-email?sent=1', '/forgot-password', '/reset-password?token=x', '/settings/notifications',
  '/unsubscribe?u=1&k=digest&s=x', '/unsubscribe?done=1&k=offer_read', '/staff/emails', '/account', '/account?saved=email', '/confirm-email?token=x',
  '/confirm-email?done=1', '/login?deleted=1', '/dashboard', '/feed/hidden', '/feed/hidden?shown=1', '/feed?hidden=1', '/staff/people', '/staff/people?q=paul', '/staff/people/1', '/staff/fees', '/certification', '/certification?done=applied', '/staff/certifications', '/staff/certifications?done=certified', '/profile/edit', '/profile/edit?image=not_image', '/profile/edit?done=saved', '/aide', '/help', '/aide?q=mot+passe+oublie', '/help/lost-password', '/aide/no-such-question', '/staff/aide', '/staff/aide/lost-password', '/staff/aide/new', '/staff/aide/lost-password?saved=2',
  '/paiement-risque-zero', '/zero-risk-payment', '/facture', '/invoice', '/avertissement', '/warning', '/contact', '/contact?sent=1',
  '/conditions', '/terms?version=1', '/conditions?accepted=1', '/staff/inbox', '/staff/conditions', '/no/such/page',
];

for (const who of [null, 'claire@demo.test', 'paul@demo.test', 'staff@demo.test']) {
  test(`every page loads and hydrates cleanly for ${who ?? 'a visitor'}`, async ({ browser }) => {
    // Some seventy pages, each waited for: more than the default minute.
    test.setTimeout(180_000);
    const page = await newPerson(browser);
    if (who) await logIn(page, who);
    for (const path of ROUTES) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBeLessThan(500);
      if (who) {
        // A signed-in page keeps its live feed open, so the network is never
        // idle: the bell, drawn only once the page has hydrated, tells instead.
        await expect(page.getByRole('link', { name: /^Notifications/ }), path).toBeVisible();
      } else {
        await page.waitForLoadState('networkidle');
      }
      await expect(page.getByRole('contentinfo'), path).toBeVisible();
    }
  });
}
