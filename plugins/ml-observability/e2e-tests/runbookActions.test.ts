import { expect, Page, test } from '@playwright/test';
import { openModelTab, screenshot, signInAsGuest } from './portal';

// Runs against the portal started by scripts/dev.sh. recommendation-engine's runbook declares
// severity 1's first action as a traffic shift to the endpoint's popularity-fallback variant
// (examples/runbooks/recommendation-engine.yaml); the emulator's recommendation-engine-prod serves
// AllTraffic at weight 1 and popularity-fallback at 0, and an update keeps it Updating for 30 s.
// The example policy (packages/backend/src/permissionPolicy.ts) lets only a model's owners run its
// actions: the guest is in personalization-team (recommendation-engine) but not in
// customer-insights-team (churn-prediction, whose runbook starts a retraining pipeline).

const BACKEND = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
const API = `${BACKEND}/api/ml-observability/v1/models/default/component`;

async function guestToken(page: Page): Promise<string> {
  const response = await page.request.get(`${BACKEND}/api/auth/guest/refresh`);
  expect(response.ok()).toBe(true);
  return (await response.json()).backstageIdentity.token;
}

/** The endpoints table's description of recommendation-engine-prod's variants. */
function variantsCell(page: Page) {
  return page
    .getByRole('table', { name: /endpoints/i })
    .getByRole('row', { name: /recommendation-engine-prod/ });
}

test.describe('Runbook actions', () => {
  test.describe.configure({ timeout: 300_000 });

  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  // A test that failed half-way must not leave the demo's traffic on the fallback for the others.
  test.afterEach(async ({ page }) => {
    const headers = { authorization: `Bearer ${await guestToken(page)}` };
    const list = await page.request.get(
      `${API}/recommendation-engine/actions`,
      { headers },
    );
    const { runs } = await list.json();
    for (const run of runs as Array<{ id: string; canUndo: boolean }>) {
      if (!run.canUndo) continue;
      await page.request.post(
        `${API}/recommendation-engine/actions/runs/${run.id}/undo`,
        { headers, data: {} },
      );
    }
  });

  test('the guest shifts recommendation-engine to popularity-fallback, sees it through and undoes it', async ({
    page,
  }) => {
    const button = page.getByRole('button', {
      name: 'Shift traffic to popularity-fallback',
    });
    await openModelTab(page, 'recommendation-engine', async () => {
      await expect(button).toBeVisible({ timeout: 5_000 });
    });
    await expect(variantsCell(page)).toContainText(
      /AllTraffic \([^)]*100% of traffic, weight 1\); popularity-fallback \([^)]*0% of traffic, weight 0\)/,
    );

    await button.click();
    const dialog = page.getByRole('dialog', {
      name: 'Shift traffic to popularity-fallback',
    });
    await expect(dialog).toBeVisible();
    // The plan, read from SageMaker now: the weights before and after, the calls in order.
    await expect(
      dialog.getByText('AllTraffic 100% → 0%, popularity-fallback 0% → 100%', {
        exact: false,
      }),
    ).toBeVisible();
    await expect(
      dialog.getByRole('list', { name: 'Steps' }).getByRole('listitem'),
    ).toHaveCount(2);
    await page.screenshot({ path: screenshot('runbook-action-plan.png') });

    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const progress = dialog.getByLabel('Run: progress');
    await expect(progress).toContainText('SageMaker accepted the new weights', {
      timeout: 30_000,
    });
    await expect(progress).toContainText(
      'Endpoint recommendation-engine-prod is Updating',
      { timeout: 30_000 },
    );
    await expect(
      progress.getByText('Endpoint recommendation-engine-prod is InService'),
    ).toBeVisible({ timeout: 120_000 });
    await expect(progress.getByText(/^Succeeded: /)).toBeVisible();
    await page.screenshot({ path: screenshot('runbook-action-done.png') });

    // Undo, from the same dialog: the weights recorded before the shift.
    await dialog.getByRole('button', { name: 'Undo' }).click();
    const undo = dialog.getByLabel('Undo: progress');
    await expect(undo).toContainText('Undo started by user:default/guest', {
      timeout: 30_000,
    });
    await expect(undo.getByText(/^Succeeded: /)).toBeVisible({
      timeout: 120_000,
    });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The endpoints table serves 100/0 again; the runs card lists both runs, newest first.
    await expect(variantsCell(page)).toContainText(
      /AllTraffic \([^)]*100% of traffic, weight 1\); popularity-fallback \([^)]*0% of traffic, weight 0\)/,
      { timeout: 30_000 },
    );
    const runs = page.getByRole('table', { name: 'Runbook action runs' });
    await expect(runs.getByRole('row').nth(1)).toContainText('Undo');
    await expect(runs.getByRole('row').nth(2)).toContainText(
      'Shift traffic to popularity-fallback',
    );
    await expect(runs.getByRole('row').nth(2)).toContainText('Guest');
  });

  test('the shift shows 0/100 in the endpoints table while it holds', async ({
    page,
  }) => {
    // The same shift through the API (the button's route), read back on the page, then undone.
    const token = await guestToken(page);
    const headers = { authorization: `Bearer ${token}` };
    const started = await page.request.post(
      `${API}/recommendation-engine/actions/severity-1`,
      { headers, data: {} },
    );
    expect(started.status(), await started.text()).toBe(202);
    const run = await started.json();
    const read = async () =>
      (
        await page.request.get(
          `${API}/recommendation-engine/actions/runs/${run.id}`,
          { headers },
        )
      ).json();
    await expect
      .poll(async () => (await read()).status, { timeout: 120_000 })
      .toBe('succeeded');

    await page.goto(
      '/catalog/default/component/recommendation-engine/ml-observability',
    );
    await expect(variantsCell(page)).toContainText(
      /AllTraffic \([^)]*0% of traffic, weight 0\); popularity-fallback \([^)]*100% of traffic, weight 1\)/,
    );
    await page.screenshot({ path: screenshot('runbook-action-weights.png') });

    const undo = await page.request.post(
      `${API}/recommendation-engine/actions/runs/${run.id}/undo`,
      { headers, data: {} },
    );
    expect(undo.status(), await undo.text()).toBe(202);
    const undoRun = await undo.json();
    await expect
      .poll(
        async () =>
          (
            await (
              await page.request.get(
                `${API}/recommendation-engine/actions/runs/${undoRun.id}`,
                { headers },
              )
            ).json()
          ).status,
        { timeout: 120_000 },
      )
      .toBe('succeeded');
  });

  test('without the permission there is no button and the API answers 403', async ({
    page,
  }) => {
    // churn-prediction belongs to customer-insights-team: the policy denies the guest its actions.
    await openModelTab(page, 'churn-prediction', async () => {
      await expect(
        page.getByText('Retrain on the last 30 days of labelled data'),
      ).toBeVisible({ timeout: 5_000 });
    });
    await expect(
      page.getByRole('button', {
        name: 'Start pipeline churn-prediction-retraining',
      }),
    ).toHaveCount(0);

    const token = await guestToken(page);
    for (const data of [{ dryRun: true }, {}]) {
      const response = await page.request.post(
        `${API}/churn-prediction/actions/severity-2`,
        { headers: { authorization: `Bearer ${token}` }, data },
      );
      expect(response.status()).toBe(403);
      expect((await response.json()).error.message).toContain(
        'ml-observability.model.act',
      );
    }
  });
});
