import { expect, Page } from '@playwright/test';

// The steps every spec takes in the portal started by scripts/dev.sh (its AWS emulator serves
// the demo fleet). Not a spec: Playwright runs only *.test.ts files.

/** Relative to this folder, whatever directory Playwright runs from; the README links to these. */
export const screenshot = (name: string) =>
  `${__dirname}/../docs/screenshots/${name}`;

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/**
 * Opens a model's ML Observability tab, reloading until the collector has
 * stored a snapshot in which `ready` holds (the portal may have just started;
 * some parts, such as a drift job's features, appear after the first
 * discovery round).
 */
export async function openModelTab(
  page: Page,
  name: string,
  ready: () => Promise<void>,
  timeout = 180_000,
) {
  await expect(async () => {
    await page.goto(`/catalog/default/component/${name}/ml-observability`);
    await expect(
      page.getByRole('heading', { name: 'Model health' }),
    ).toBeVisible({ timeout: 10_000 });
    await ready();
  }).toPass({ timeout });
}
