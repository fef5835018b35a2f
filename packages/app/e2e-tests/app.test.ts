import { test, expect } from '@playwright/test';

const models = [
  'fraud-detection-v2',
  'recommendation-engine',
  'churn-prediction',
  'demand-forecast',
  'product-categorizer',
  'search-ranking',
  'credit-risk-scoring',
  'ticket-routing',
  'loan-approval',
  'claims-triage',
  'ad-click-ranker',
  'fraud-screening',
];

test('a guest signs in and sees the model entities in the catalog', async ({
  page,
}, testInfo) => {
  await page.goto('/');

  const enterButton = page.getByRole('button', { name: 'Enter' });
  await expect(enterButton).toBeVisible();
  await enterButton.click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // the guest's own group owns some models; "All" shows the whole fleet
  // (e2e-global-setup.ts waited until the catalog had ingested them)
  // The page settles its default filter (Owned) once it knows the guest's groups; a click on "All"
  // before that is undone, so click until the table says it lists all of them.
  await expect(async () => {
    await page.getByRole('menuitem', { name: /^All/ }).click();
    await expect(page.getByText(/^All Components \(\d+\)$/)).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
  for (const model of models) {
    await expect(
      page.getByRole('link', { name: model, exact: true }),
    ).toBeVisible();
  }

  const screenshot = await page.screenshot({ fullPage: true });
  await testInfo.attach('catalog', {
    body: screenshot,
    contentType: 'image/png',
  });
  await page.screenshot({
    path: 'test-results/screenshots/catalog.png',
    fullPage: true,
  });
});
