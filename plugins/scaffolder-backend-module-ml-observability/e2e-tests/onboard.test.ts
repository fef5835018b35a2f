import { expect, Page, test } from '@playwright/test';

// Runs against the portal of scripts/dev.sh start: guest sign-in, the AWS emulator's demo fleet
// on :4566, templates published to .cache/onboarded-models. nlp-sandbox-endpoint is a demo
// endpoint that no example model claims; onboarding it twice is a no-op in AWS, so the spec can
// run again against the same emulator with a new model name.
const modelName = `e2e-model-${Date.now().toString(36)}`;
const endpointName = 'nlp-sandbox-endpoint';

/** The guest sign-in page can come back after a full page load: enter again when it does. */
async function enterIfAsked(page: Page) {
  const enter = page.getByRole('button', { name: 'Enter' });
  const asked = await enter
    .waitFor({ state: 'visible', timeout: 3_000 })
    .then(() => true)
    .catch(() => false);
  if (asked) await enter.click();
}

test('a guest onboards a monitored model with the template and finds it in the catalog', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.goto('/create');
  await enterIfAsked(page);

  // e2e-global-setup.ts waited until the catalog had ingested the template
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Onboard a monitored ML model' });
  await expect(card).toBeVisible({ timeout: 60_000 });
  await card.getByRole('button', { name: 'Choose' }).click();

  // Step 1: Model
  await page.getByLabel(/^Model name/).fill(modelName);
  await page
    .getByLabel(/^Description/)
    .fill('Onboarded by the end-to-end test');
  const owner = page.getByRole('textbox', { name: 'Owner' });
  // the picker lists groups by title once they load; typing would filter on a spelling we
  // do not control, so open it and pick the option
  await owner.click();
  await page.keyboard.press('ArrowDown');
  await page
    .getByRole('option', { name: /ML Platform|ml-platform-team/ })
    .first()
    .click();
  await page.getByLabel(/^Time zone/).fill('Europe/London');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: SageMaker endpoint (account, region and sampling keep their defaults)
  await page.getByLabel(/^Endpoint/).fill(endpointName);
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: Model Monitor
  await page
    .getByLabel(/^Baseline/)
    .fill('s3://ml-baselines-123456789012/nlp-sandbox');
  await page
    .getByLabel(/^Monitoring role/)
    .fill('arn:aws:iam::123456789012:role/SageMakerModelMonitorRole');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: Runbook and alerting (thresholds, escalation path and topic keep their defaults)
  await expect(
    page.getByLabel(/^Quality threshold in business hours/),
  ).toHaveValue('92');
  await page.getByRole('button', { name: 'Review' }).click();

  await expect(page.getByText(modelName).first()).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: every step runs, then the output link to the new entity appears.
  const openModel = page.getByRole('link', {
    name: 'Open the model in the catalog',
  });
  await expect(openModel).toBeVisible({ timeout: 180_000 });
  await testInfo.attach('task', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
  await openModel.click();

  // The entity page of the registered model (the catalog may need a moment to process it).
  await expect(async () => {
    await page.reload();
    await enterIfAsked(page);
    await expect(
      page.getByRole('heading', { name: modelName }).first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });

  // The model's ML Observability tab lists the alarm the template created (the backend collects
  // every minute, so reload until the snapshot has it).
  const alarmName = `${modelName}-data-quality-monitoring-failed`;
  await expect(async () => {
    await page.goto(`/catalog/default/component/${modelName}/ml-observability`);
    await enterIfAsked(page);
    await expect(page.getByText(alarmName).first()).toBeVisible({
      timeout: 5_000,
    });
    await expect(page.getByText(endpointName).first()).toBeVisible();
  }).toPass({ timeout: 180_000 });

  await testInfo.attach('model', {
    body: await page.screenshot({ fullPage: true }),
    contentType: 'image/png',
  });
});
