import { expect, test } from '@playwright/test';
import { openModelTab, screenshot, signInAsGuest } from './portal';

// Runs against the portal started by scripts/dev.sh, whose AWS emulator serves the demo fleet:
// loan-approval has ModelBias and ModelExplainability schedules (packages/aws-ml-emulator
// src/scenarios/demoFairness.ts) and a runbook with monitoring_config.bias bounds.

test.describe('Fairness and attribution', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('loan-approval shows bias per facet against its bounds and the attribution that moved', async ({
    page,
  }) => {
    const female = page.getByTestId('bias-row-DPPL-gender = female');
    await openModelTab(page, 'loan-approval', async () => {
      await expect(female).toBeVisible({ timeout: 5_000 });
    });

    await expect(
      page.getByRole('heading', { level: 2, name: 'Fairness and attribution' }),
    ).toBeVisible();

    // DPPL of gender=female drifted past the runbook's abs_max 0.1; the male facet did not.
    await expect(female.getByText('Outside bounds')).toBeVisible();
    await expect(female.getByText('|x| ≤ 0.1')).toBeVisible();
    await expect(
      female.getByText('BiasStage=Post-training, Label=approved, LabelValue=1'),
    ).toBeVisible();
    const male = page.getByTestId('bias-row-DPPL-gender = male');
    await expect(male.getByText('Within bounds')).toBeVisible();
    await expect(
      page.getByTestId('bias-row-DI-gender = female').getByText('0.8 to 1.25'),
    ).toBeVisible();
    await expect(
      page.getByText(
        "1 of 4 bias values outside the runbook's bounds (monitoring_config.bias).",
      ),
    ).toBeVisible();

    // zip_code's attribution climbed over the last day: it leads the table.
    const attribution = page.getByRole('table', {
      name: 'Attribution change by feature',
    });
    await expect(
      attribution.getByTestId(/^attribution-row-/).first(),
    ).toHaveAttribute('data-testid', 'attribution-row-zip_code');
    await expect(
      page.getByText(/^Top 5 of 6 features by the change of their attribution/),
    ).toBeVisible();

    // A bias value outside its bounds is a warning, named in the verdict's reasons.
    await expect(page.getByTestId('health-verdict')).toHaveText('Warning');
    await expect(
      page.getByText(
        /^Bias metric DPPL .* is outside its bounds \|x\| ≤ 0\.1$/,
      ),
    ).toBeVisible();

    // The card (an InfoCard: a Material UI Card), else the whole tab.
    const card = page.locator('.MuiCard-root').filter({
      has: page.getByRole('heading', {
        level: 2,
        name: 'Fairness and attribution',
      }),
    });
    if ((await card.count()) === 1) {
      await card.screenshot({ path: screenshot('fairness-card.png') });
    } else {
      await page.screenshot({
        path: screenshot('fairness-card.png'),
        fullPage: true,
      });
    }
  });

  test('a model without Clarify monitors has no fairness card', async ({
    page,
  }) => {
    await openModelTab(page, 'recommendation-engine', async () => {
      await expect(page.getByTestId('drift-row-season')).toBeVisible({
        timeout: 10_000,
      });
    });
    await expect(
      page.getByRole('heading', { name: 'Fairness and attribution' }),
    ).toHaveCount(0);
  });
});
