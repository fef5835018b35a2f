import { expect, test } from '@playwright/test';
import { openModelTab, signInAsGuest } from './portal';

// Runs against the portal started by scripts/dev.sh, whose AWS emulator serves the demo fleet:
// claims-triage and ad-click-ranker have no Model Monitor; their own drift jobs publish to ML/Drift
// (examples/entities.yaml, packages/aws-ml-emulator/src/scenarios/demoCustomDrift.ts).

test.describe('ML Observability: drift from your own drift job', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the dimension-shape model shows per-feature drift, a breached feature and one without data', async ({
    page,
  }) => {
    const claim = page.getByTestId('drift-row-claim_amount');
    const stopped = page.getByTestId('drift-row-repair_shop_region');
    await openModelTab(page, 'claims-triage', async () => {
      await expect(claim).toBeVisible({ timeout: 5_000 });
      await expect(stopped).toBeVisible({ timeout: 5_000 });
    });

    const table = page.getByRole('table', { name: 'Drift by feature' });
    await expect(table.getByTestId(/^drift-row-/)).toHaveCount(5);
    await expect(claim.getByText('Above threshold')).toBeVisible();
    await expect(claim.getByText('Your drift job (ML/Drift)')).toBeVisible();
    for (const feature of [
      'policy_age_days',
      'incident_type',
      'prior_claims',
    ]) {
      await expect(
        page.getByTestId(`drift-row-${feature}`).getByText('Within threshold'),
      ).toBeVisible();
    }
    // Listed in CloudWatch, but nothing published within the lookback: no data, not zero.
    await expect(stopped.getByText('No data', { exact: true })).toBeVisible();
    await expect(stopped.getByText('no data', { exact: true })).toBeVisible();

    await expect(page.getByTestId('drift-share')).toHaveText(
      '1 of 4 features above their threshold (25%); 1 without data yet.',
    );
    await expect(page.getByTestId('drift-coverage')).toHaveText(
      'Your drift job in ML/Drift (ModelName=claims-triage), drift_score by Feature: all 5 features.',
    );
    await expect(
      page.getByRole('checkbox', { name: 'Show claim_amount in the chart' }),
    ).toBeChecked();
    await expect(
      page.getByRole('img', {
        name: /claim_amount latest .* above its threshold 0\.25/,
      }),
    ).toBeVisible();
    await expect(page.getByTestId('health-verdict')).toHaveText(/Warning/);
  });

  test('the name-pattern model shows its breached feature and says the features are capped', async ({
    page,
  }) => {
    const position = page.getByTestId('drift-row-ad_position');
    await openModelTab(page, 'ad-click-ranker', async () => {
      await expect(position).toBeVisible({ timeout: 5_000 });
    });

    await expect(position.getByText('Above threshold')).toBeVisible();
    await expect(position.getByText('Your drift job (ML/Drift)')).toBeVisible();
    const table = page.getByRole('table', { name: 'Drift by feature' });
    await expect(table.getByTestId(/^drift-row-/)).toHaveCount(3);
    await expect(page.getByTestId('drift-row-user_segment')).toHaveCount(0);
    await expect(page.getByTestId('drift-coverage')).toHaveText(
      'Your drift job in ML/Drift (ModelName=ad-click-ranker), feature_drift_<feature>: showing 3 of 5 features (the first by name); cap maxFeatures=3.',
    );
    await expect(page.getByTestId('drift-share')).toHaveText(
      '1 of 3 features above their threshold (33%).',
    );
    await expect(page.getByTestId('health-verdict')).toHaveText(/Warning/);
  });
});
