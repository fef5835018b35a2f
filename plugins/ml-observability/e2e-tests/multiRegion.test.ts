import { expect, test } from '@playwright/test';
import { openModelTab, screenshot, signInAsGuest } from './portal';

// Runs against the portal started by scripts/dev.sh, whose AWS emulator serves the demo fleet:
// fraud-screening is served as fraud-screening-prod in us-east-1 (account 123456789012) and, named
// by its ARN in examples/entities.yaml, in eu-west-1 (account 210987654321), where
// merchant_country has drifted.

const ENDPOINT = 'fraud-screening-prod';
const US = '123456789012 / us-east-1';
const EU = '210987654321 / eu-west-1';

test.describe('ML Observability: a model served in two regions', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('shows both endpoints with their account and region, and drift per endpoint', async ({
    page,
  }) => {
    const euDrift = page.getByTestId(`drift-row-merchant_country@${EU}`);
    const usDrift = page.getByTestId(`drift-row-merchant_country@${US}`);
    await openModelTab(page, 'fraud-screening', async () => {
      await expect(euDrift).toBeVisible({ timeout: 5_000 });
      await expect(usDrift).toBeVisible({ timeout: 5_000 });
    });

    // Endpoints: one name, two places, each linked to its own region's console.
    const endpoints = page.getByRole('table', { name: 'Endpoints' });
    await expect(endpoints.getByText(US, { exact: true })).toBeVisible();
    await expect(endpoints.getByText(EU, { exact: true })).toBeVisible();
    const links = endpoints.getByRole('link', {
      name: new RegExp(`^${ENDPOINT}`),
    });
    await expect(links).toHaveCount(2);
    await expect(links.nth(0)).toHaveAttribute(
      'href',
      /https:\/\/us-east-1\.console\.aws\.amazon\.com\/sagemaker\/home\?region=us-east-1/,
    );
    await expect(links.nth(1)).toHaveAttribute(
      'href',
      /https:\/\/eu-west-1\.console\.aws\.amazon\.com\/sagemaker\/home\?region=eu-west-1/,
    );

    // Schedules of the same name in both places, each saying where.
    const euSchedule = page.getByTestId(
      `schedule-${ENDPOINT}-data-quality@${EU}`,
    );
    await expect(euSchedule.getByText(`in ${EU}`)).toBeVisible();
    await expect(
      page.getByTestId(`schedule-${ENDPOINT}-data-quality@${US}`),
    ).toBeVisible();

    // Drift: the EU endpoint drifted, the US one did not; the rows never merge.
    await expect(euDrift.getByText('Above threshold')).toBeVisible();
    await expect(
      euDrift.getByText(`${ENDPOINT}-data-quality on ${ENDPOINT} in ${EU}`),
    ).toBeVisible();
    await expect(usDrift.getByText('Within threshold')).toBeVisible();
    await expect(
      page.getByRole('checkbox', {
        name: 'Show merchant_country (eu-west-1) in the chart',
      }),
    ).toBeChecked();
    await expect(
      page.getByRole('img', {
        name: /merchant_country \(eu-west-1\) latest .* above its threshold/,
      }),
    ).toBeVisible();

    // Quality: accuracy once per place.
    await expect(page.getByTestId(`quality-row-accuracy@${EU}`)).toBeVisible();
    await expect(page.getByTestId(`quality-row-accuracy@${US}`)).toBeVisible();
    await expect(
      page.getByText('Accuracy (eu-west-1)', { exact: true }),
    ).toBeVisible();

    await expect(page.getByTestId('health-verdict')).not.toHaveText('Unknown');
    await page.screenshot({
      path: screenshot('multi-region.png'),
      fullPage: true,
    });
  });

  test('the escalation lookup of the EU endpoint ARN finds the model', async ({
    page,
  }) => {
    const arn = `arn:aws:sagemaker:eu-west-1:210987654321:endpoint/${ENDPOINT}`;
    await page.goto('/ml-observability/escalation');
    await page
      .getByRole('textbox', {
        name: 'Alarm name or ARN, endpoint or schedule name',
      })
      .fill(arn);
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByText(`1 model matches ${arn}`)).toBeVisible();
    await expect(
      page.locator('a[href$="/catalog/default/group/risk-ml-team"]').first(),
    ).toBeVisible();
  });
});
