import { expect, projectWithPaulsOffer, test, unique } from './helpers';

test('the client selects a provider with a tranche plan and the provider confirms it', async ({ browser }) => {
  const { client, paul, projectUrl } = await projectWithPaulsOffer(browser, unique());

  // The client selects Paul; the tranches must add up.
  await client.goto(projectUrl);
  // In French first: the panel, its labels and the phrase to type.
  await client.getByRole('button', { name: 'Français' }).click();
  const accord = client.getByRole('region', { name: 'Accord' });
  await expect(accord.getByLabel('Libellé de la tranche 1')).toBeVisible();
  await expect(accord.getByRole('note')).toContainText('Avant de proposer le risque 0');
  await expect(accord.getByText('Seul l’argent déposé est garanti', { exact: true })).toBeVisible();
  await expect(accord.getByRole('button', { name: 'Choisir et envoyer l’accord' })).toBeVisible();
  await client.getByRole('button', { name: 'English' }).click();
  const panel = client.getByRole('region', { name: 'Agreement' });
  await panel.getByLabel('Provider', { exact: true }).selectOption({ label: 'Paul Durand · €3,500.00' });
  await panel.getByLabel('Scope').fill('Design and build the booking site, with two rounds of changes.');
  await panel.getByLabel('Agreed amount (€)').fill('3500');
  await panel.getByLabel('Tranche 1 label').fill('Design');
  await panel.getByLabel('Tranche 1 amount (€)').fill('1000');
  await panel.getByRole('button', { name: 'Select and send the agreement' }).click();
  await expect(panel.getByText(/add up to €1,000.00/)).toBeVisible();
  // Zero risk: the escrow's rules are recalled and the phrase is asked for.
  await expect(panel.getByRole('note')).toContainText('Before you propose zero risk');
  await expect(panel.getByText('Type the confirmation phrase shown above the field.')).toBeVisible();
  await panel.getByLabel('Confirmation phrase').fill('only deposited money is guaranteed.');
  await panel.getByRole('button', { name: 'Add a tranche' }).click();
  await panel.getByLabel('Tranche 2 label').fill('Build');
  await panel.getByLabel('Tranche 2 amount (€)').fill('2500');
  await panel.getByRole('button', { name: 'Select and send the agreement' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'asked to confirm' })).toBeVisible();
  await expect(panel.getByRole('table', { name: 'Tranche plan' })).toContainText('Build');

  // Paul confirms: that is his signature, and the project starts.
  await paul.reload();
  const terms = paul.getByRole('region', { name: 'Agreement' });
  await expect(terms.getByText('Waiting for the provider\'s confirmation')).toBeVisible();
  await terms.getByRole('button', { name: 'Confirm and sign' }).click();
  await expect(terms.getByRole('status').filter({ hasText: 'the project is in progress' })).toBeVisible();
  await expect(terms.getByText(/Confirmed and signed on .* by Paul Durand/)).toBeVisible();
  await client.reload();
  await expect(client.getByText('In progress').first()).toBeVisible();
  await expect(client.getByRole('region', { name: 'Agreement' })).toContainText('Confirmed and signed');
});
