import { agreedProject, expect, test } from './helpers';
import type { Page } from '@playwright/test';

function payments(page: Page) {
  return page.getByRole('region', { name: 'Payments (escrow)' });
}

function trancheRow(page: Page, label: string) {
  return payments(page).getByRole('table', { name: 'Escrow tranches' }).getByRole('row', { name: new RegExp(`^${label}`) });
}

async function deposit(client: Page, tranche: string, amount: string, card = '4242 4242 4242 4242') {
  const form = payments(client).getByRole('form', { name: 'Deposit' });
  await form.getByLabel('Tranche').selectOption(tranche);
  await form.getByLabel('Amount to deposit (€)').fill(amount);
  await form.getByLabel('Card number').fill(card);
  await form.getByRole('button', { name: 'Pay into escrow' }).click();
  return form;
}

test('the client deposits and releases while the provider watches live; staff pay the invoice', async ({ browser }) => {
  const { client, paul, staff, title } = await agreedProject(browser, 'zero_risk');
  // Both tabs are open at once and neither reloads from here on.
  await expect(payments(client).getByText('Live', { exact: true })).toBeVisible();
  await expect(payments(paul).getByText('Live', { exact: true })).toBeVisible();
  await expect(payments(paul).getByRole('note')).toContainText('Work only on what is funded. €0.00 of €3,500.00');

  const declined = await deposit(client, '1', '1000', '4000 0000 0000 0002');
  await expect(declined.getByText(/Your card was declined/)).toBeVisible();
  await expect(trancheRow(paul, 'Design')).toContainText('Design€1,000.00€0.00');

  const paid = await deposit(client, '1', '1000');
  await expect(paid.getByRole('status')).toContainText('Deposited €1,000.00 into “Design”');
  // Planned, deposited, held: the provider sees it without reloading.
  await expect(trancheRow(paul, 'Design')).toContainText('Design€1,000.00€1,000.00€1,000.00');
  await expect(payments(paul).getByRole('note')).toContainText('€1,000.00 of €3,500.00 is deposited');

  const release = payments(client).getByRole('form', { name: 'Release' });
  await release.getByLabel('Tranche').selectOption('1');
  await release.getByLabel('Amount to release (€)').fill('400');
  await release.getByRole('button', { name: 'Release to the provider' }).click();
  await expect(payments(paul).getByTestId('payout-available')).toHaveText('€400.00');
  await expect(trancheRow(paul, 'Design')).toContainText('€600.00€400.00');
  await expect(payments(paul).getByRole('list', { name: 'Escrow history' })).toContainText('Released €400.00 of “Design”');

  // The provider asks for the payout; a .pdf that is not a PDF is refused.
  const payout = payments(paul).getByRole('form', { name: 'Request a payout' });
  await payout.getByLabel('Amount to pay out (€)').fill('400');
  await payout.getByLabel('Invoice (PDF)').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
  await payout.getByRole('button', { name: 'Request the payout' }).click();
  await expect(paul.getByRole('alert').filter({ hasText: 'Only PDF, PNG and JPEG' })).toBeVisible();
  // An invoice far over the limit: the server refuses it and the browser,
  // still sending it, receives the refusal (not a reset connection).
  await payments(paul).getByLabel('Amount to pay out (€)').fill('400');
  await payments(paul).getByLabel('Invoice (PDF)').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(12 << 20, 0x20)]) });
  await payments(paul).getByRole('button', { name: 'Request the payout' }).click();
  await expect(paul.getByRole('alert').filter({ hasText: 'The file is larger than 5 MB; nothing was uploaded.' })).toBeVisible();
  await payments(paul).getByLabel('Amount to pay out (€)').fill('400');
  await payments(paul).getByLabel('Invoice (PDF)').setInputFiles({ name: 'invoice-042.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% invoice 042\n') });
  await payments(paul).getByRole('button', { name: 'Request the payout' }).click();
  await expect(paul.getByRole('status').filter({ hasText: 'Payout requested' })).toBeVisible();
  await expect(payments(client).getByRole('table', { name: 'Payouts' })).toContainText('invoice-042.pdf');

  // Staff pay it from the desk; both open tabs show the transfer.
  await staff.goto('/staff/escrow');
  const row = staff.getByRole('table', { name: 'Payouts to pay' }).getByRole('row').filter({ hasText: title });
  await row.getByLabel('Transfer reference').fill('VIR-2026-0042');
  await row.getByRole('button', { name: 'Mark paid' }).click();
  await expect(payments(paul).getByRole('table', { name: 'Payouts' })).toContainText('reference VIR-2026-0042');
  await expect(payments(client).getByTestId('paid-out')).toHaveText('€400.00');
});

test('a dispute disables the release buttons on both sides, and staff’s split then shows on both', async ({ browser }) => {
  const { client, paul, staff, projectUrl } = await agreedProject(browser, 'zero_risk');
  await expect(payments(paul).getByText('Live', { exact: true })).toBeVisible();
  await deposit(client, '2', '2500');
  await expect(trancheRow(paul, 'Build')).toContainText('Build€2,500.00€2,500.00€2,500.00');

  await payments(paul).getByText('Declare a dispute').click();
  await payments(paul).getByLabel('What went wrong').fill('The client asks for pages that are not in the scope.');
  await payments(paul).getByRole('button', { name: 'Declare the dispute' }).click();
  await expect(payments(client).getByRole('alert').filter({ hasText: 'Frozen by a dispute' })).toBeVisible();
  await expect(payments(client).getByRole('button', { name: 'Release to the provider' })).toBeDisabled();
  await expect(payments(client).getByRole('columnheader', { name: 'Disputed' })).toBeVisible();
  await expect(payments(client).getByRole('button', { name: 'Pay into escrow' })).toBeDisabled();
  await expect(payments(paul).getByRole('button', { name: 'Give back to the client' })).toBeDisabled();
  await expect(trancheRow(client, 'Build')).toContainText('€0.00€0.00€2,500.00');

  await staff.goto(projectUrl);
  const decide = payments(staff).getByRole('form', { name: 'Decide the dispute' });
  await decide.getByLabel('Build to the provider (€)').fill('1500');
  await decide.getByLabel('Build back to the client (€)').fill('1000.01');
  await decide.getByLabel('Decision, as the parties will read it').fill('Most of the build was delivered as agreed.');
  await decide.getByRole('button', { name: 'Decide' }).click();
  await expect(decide.getByText(/Only €2,500.00 is held/)).toBeVisible();
  await decide.getByLabel('Build back to the client (€)').fill('1000');
  await decide.getByRole('button', { name: 'Decide' }).click();

  for (const page of [client, paul]) {
    // Held 0, released 1,500, refunded 1,000; the disputed column is gone.
    await expect(trancheRow(page, 'Build')).toContainText('€0.00€1,500.00€1,000.00');
    await expect(payments(page).getByText('Decided disputes')).toBeVisible();
    await expect(payments(page).getByRole('columnheader', { name: 'Disputed' })).toHaveCount(0);
  }
  await expect(payments(client).getByRole('alert').filter({ hasText: 'Frozen by a dispute' })).toHaveCount(0);
  await expect(payments(client).getByRole('button', { name: 'Pay into escrow' })).toBeEnabled();
});
