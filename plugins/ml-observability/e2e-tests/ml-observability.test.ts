import { expect, test } from '@playwright/test';
import { openModelTab, screenshot, signInAsGuest } from './portal';

// Runs against the portal started by scripts/dev.sh, whose AWS emulator serves the demo fleet.

test.describe('ML Observability', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the seasonal-drift model shows feature season above its threshold', async ({
    page,
  }) => {
    const season = page.getByTestId('drift-row-season');
    await openModelTab(page, 'recommendation-engine', async () => {
      await expect(season).toBeVisible({ timeout: 5_000 });
    });
    await expect(season.getByText('Above threshold')).toBeVisible();
    await expect(
      page.getByRole('checkbox', { name: 'Show season in the chart' }),
    ).toBeChecked();
    await expect(
      page.getByRole('img', { name: /season latest .* above its threshold/ }),
    ).toBeVisible();
    await page.screenshot({
      path: screenshot('entity-tab.png'),
      fullPage: true,
    });
  });

  test('the quality-drop model is critical with its accuracy alarm in ALARM', async ({
    page,
  }) => {
    const alarm = page.getByTestId('alarm-row-churn-prediction-accuracy-low');
    await openModelTab(page, 'churn-prediction', async () => {
      await expect(alarm).toBeVisible({ timeout: 5_000 });
    });
    await expect(alarm.getByText('ALARM', { exact: true })).toBeVisible();
    await expect(page.getByTestId('health-verdict')).toHaveText('Critical');
  });

  test('the fleet lists every model worst first', async ({ page }) => {
    await page.goto('/ml-observability');
    await expect(page).toHaveURL(/\/ml-observability\/fleet/);
    await expect(
      page.getByRole('tab', { name: 'Escalation lookup' }),
    ).toBeVisible();
    // The guest's groups (if the catalog gives it any) are the default filter; clear it to see the
    // whole fleet.
    const owner = page.getByRole('textbox', { name: 'Owner' });
    const mine = page.getByText('Your groups. Clear to see every owner.');
    await expect(mine.or(page.getByText('Every owner'))).toBeVisible();
    if (await mine.isVisible()) {
      await owner.hover();
      await page
        .locator('.MuiAutocomplete-root', { has: owner })
        .getByTitle('Clear')
        .click();
    }
    await expect(page.getByText('Every owner')).toBeVisible();
    const churn = page.getByTestId(
      'fleet-row-component:default/churn-prediction',
    );
    await expect(churn).toBeVisible();
    await expect(churn.getByText('Critical')).toBeVisible();
    await page.screenshot({
      path: screenshot('fleet-page.png'),
      fullPage: true,
    });
  });

  test('the escalation lookup of an alarm name returns its owner group', async ({
    page,
  }) => {
    await page.goto('/ml-observability/escalation');
    await page
      .getByRole('textbox', {
        name: 'Alarm name or ARN, endpoint or schedule name',
      })
      .fill('churn-prediction-accuracy-low');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(
      page.getByText('1 model matches churn-prediction-accuracy-low'),
    ).toBeVisible();
    await expect(
      page
        .locator('a[href$="/catalog/default/group/customer-insights-team"]')
        .first(),
    ).toBeVisible();
    await expect(page.getByTestId('next-in-path')).not.toBeEmpty();
    await page.screenshot({
      path: screenshot('escalation-lookup.png'),
      fullPage: true,
    });
  });
});
