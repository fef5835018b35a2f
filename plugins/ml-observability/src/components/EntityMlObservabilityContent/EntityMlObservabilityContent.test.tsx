import { screen, waitFor, within } from '@testing-library/react';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import userEvent from '@testing-library/user-event';
import {
  churnEntity,
  churnReport,
  COLLECTED_AT,
  emptyAlertHistory,
  healthyReport,
  loanReport,
  noDataReport,
  recommendationReport,
  staleReport,
  unannotatedEntity,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/errors';
import {
  MockMlObservabilityApi,
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { EntityMlObservabilityContent } from './EntityMlObservabilityContent';

const ENTITY_REF = 'component:default/churn-prediction';

/** healthyReport with the age of staleReport: a full report without charts, cheap to render. */
const staleHealthy: ModelReport = {
  ...healthyReport,
  stale: staleReport.stale,
};

function setup(report?: ModelReport) {
  const api = mockMlObservabilityApi();
  if (report) api.getModelReport.mockResolvedValue(report);
  api.getAlertHistory.mockResolvedValue(emptyAlertHistory);
  return api;
}

const render = (
  api: MockMlObservabilityApi,
  entity = churnEntity,
  refreshAllowed = true,
) =>
  renderWithApis(<EntityMlObservabilityContent />, {
    api,
    entity,
    refreshAllowed,
  });

describe('EntityMlObservabilityContent', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(COLLECTED_AT));
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows progress while the report loads', async () => {
    const api = mockMlObservabilityApi();
    api.getModelReport.mockReturnValue(new Promise(() => {}));
    await render(api);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(api.getModelReport).toHaveBeenCalledWith(ENTITY_REF, {
      range: '24h',
    });
  });

  it('gives the exact YAML to add when the model names nothing to observe', async () => {
    const api = mockMlObservabilityApi();
    await render(api, unannotatedEntity);
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    // The code snippets are syntax-highlighted: compare their whole text.
    const snippets = Array.from(document.querySelectorAll('code')).map(
      code => code.textContent ?? '',
    );
    expect(snippets).toContainEqual(
      [
        'metadata:',
        '  annotations:',
        '    # the SageMaker endpoint(s) serving pricing-model, comma separated',
        '    aws.amazon.com/sagemaker-endpoint-name: pricing-model',
        "    # the endpoint's region, unless it is the backend's default",
        '    aws.amazon.com/region: us-east-1',
        '    # or, for a model that publishes its own CloudWatch metrics:',
        '    # ml-observability/metrics: namespace=ML/ModelPerformance,ModelName=pricing-model',
      ].join('\n'),
    );
    expect(api.getModelReport).not.toHaveBeenCalled();
  });

  it('shows a critical model: verdict, its firing alarm and every card', async () => {
    await render(setup(churnReport));
    expect(await screen.findByText('Critical')).toBeInTheDocument();
    const alarm = screen.getByTestId('alarm-row-churn-prediction-accuracy-low');
    expect(within(alarm).getByText('ALARM')).toBeInTheDocument();
    const cards = screen
      .getAllByRole('heading', { level: 2 })
      .map(h => h.textContent);
    // Its ModelBias schedule brings the fairness card, which says it publishes nothing.
    expect(cards).toEqual([
      'Model health',
      'Drift',
      'Quality',
      'Fairness and attribution',
      'Alarms',
      'Alert history',
      'Ownership & escalation',
      'Monitoring',
    ]);
  });

  it('shows the fairness card after quality for a model with Clarify monitors', async () => {
    await render(setup(loanReport));
    expect(await screen.findByText('Warning')).toBeInTheDocument();
    const cards = screen
      .getAllByRole('heading', { level: 2 })
      .map(h => h.textContent);
    expect(cards).toEqual([
      'Model health',
      'Drift',
      'Quality',
      'Fairness and attribution',
      'Alarms',
      'Alert history',
      'Ownership & escalation',
      'Monitoring',
    ]);
    expect(screen.getByTestId('bias-row-DPPL-gender = female')).toBeVisible();
  });

  it('says when nothing was collected yet, still showing who owns the model', async () => {
    await render(setup(noDataReport));
    expect(
      await screen.findByText('No data collected yet'),
    ).toBeInTheDocument();
    const cards = screen
      .getAllByRole('heading', { level: 2 })
      .map(h => h.textContent);
    expect(cards).toEqual(['Model health', 'Ownership & escalation']);
  });

  it('degrades only the cards whose source failed', async () => {
    await render(setup(recommendationReport));
    expect(await screen.findByTestId('drift-row-season')).toBeInTheDocument();
    // Drift and quality both read Model Monitor metrics; alarms and monitoring do not.
    expect(
      screen.getAllByText(
        'Warning: Model Monitor metrics throttled by AWS; showing data from 2 h ago',
      ),
    ).toHaveLength(2);
    expect(screen.getByText(/No CloudWatch alarm watches/)).toBeInTheDocument();
  });

  it('warns about stale data', async () => {
    await render(setup(staleHealthy));
    expect(
      await screen.findByText('Warning: Stale data: collected 5 h ago'),
    ).toBeInTheDocument();
  });

  it('says the model is unknown or hidden on 404', async () => {
    const api = mockMlObservabilityApi();
    api.getModelReport.mockRejectedValue(
      await responseError(
        404,
        'component:default/churn-prediction is not a model the catalog shows you',
      ),
    );
    await render(api);
    expect(await screen.findByText('Model not found')).toBeInTheDocument();
    expect(
      screen.getByText(/is not a model the catalog shows you/),
    ).toBeInTheDocument();
  });

  it('names the missing permission on 403', async () => {
    const api = mockMlObservabilityApi();
    api.getModelReport.mockRejectedValue(
      await responseError(403, 'not allowed'),
    );
    await render(api);
    expect(
      await screen.findByText("No access to this model's observability data"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/ml-observability.model.read permission/),
    ).toBeInTheDocument();
  });

  it('shows a backend error with its message and retries', async () => {
    const api = mockMlObservabilityApi();
    api.getModelReport.mockRejectedValueOnce(
      await responseError(
        500,
        'snapshot store unavailable: connection refused to 10.0.0.5:5432',
      ),
    );
    api.getModelReport.mockResolvedValueOnce(healthyReport);
    await render(api);
    expect(
      (
        await screen.findAllByText(
          /snapshot store unavailable: connection refused/,
        )
      )[0],
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('health-verdict')).toHaveTextContent(
      'Healthy',
    );
    expect(api.getModelReport).toHaveBeenCalledTimes(2);
  });

  it('loads another time range', async () => {
    const api = setup(healthyReport);
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Last 30 d' }),
    );
    await waitFor(() =>
      expect(api.getModelReport).toHaveBeenLastCalledWith(ENTITY_REF, {
        range: '30d',
      }),
    );
    expect(screen.getByRole('button', { name: 'Last 30 d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('shows the report a refresh returns', async () => {
    const api = setup(staleHealthy);
    api.refreshModelReport.mockResolvedValue(healthyReport);
    await render(api);
    expect(await screen.findByText(/Stale data/)).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh now' }),
    );
    await waitFor(() =>
      expect(screen.queryByText(/Stale data/)).not.toBeInTheDocument(),
    );
    expect(api.refreshModelReport).toHaveBeenCalledWith(ENTITY_REF);
  });

  it('reads the chosen range again after a refresh, which answers with 24 h', async () => {
    const api = setup(staleHealthy);
    api.refreshModelReport.mockResolvedValue(staleHealthy);
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Last 7 d' }),
    );
    await waitFor(() => expect(api.getModelReport).toHaveBeenCalledTimes(2));
    api.getModelReport.mockResolvedValue(healthyReport);
    await userEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() => expect(api.getModelReport).toHaveBeenCalledTimes(3));
    expect(api.getModelReport).toHaveBeenLastCalledWith(ENTITY_REF, {
      range: '7d',
    });
    await waitFor(() =>
      expect(screen.queryByText(/Stale data/)).not.toBeInTheDocument(),
    );
  });

  it('explains a refresh refused for being too frequent', async () => {
    const api = setup(healthyReport);
    api.refreshModelReport.mockRejectedValue(
      await responseError(429, 'churn-prediction was refreshed 20 s ago.', {
        'Retry-After': '40',
      }),
    );
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh now' }),
    );
    expect(
      await screen.findByText(
        'This model was refreshed moments ago: churn-prediction was refreshed 20 s ago. Try again in 40 s.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('health-verdict')).toHaveTextContent('Healthy');
  });

  it('does not repeat a wait the backend already states', async () => {
    const api = setup(healthyReport);
    const message =
      'component:default/churn-prediction was refreshed less than 60 s ago; try again in 40 s';
    api.refreshModelReport.mockRejectedValue(
      await responseError(429, message, { 'Retry-After': '40' }),
    );
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh now' }),
    );
    expect(
      await screen.findByText(
        `This model was refreshed moments ago: ${message}`,
      ),
    ).toBeInTheDocument();
  });

  it('explains a refresh refused by the backend', async () => {
    const api = setup(healthyReport);
    api.refreshModelReport.mockRejectedValue(
      await responseError(403, 'refresh is not permitted'),
    );
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh now' }),
    );
    expect(
      await screen.findByText(
        'You are not allowed to refresh this model: refresh is not permitted',
      ),
    ).toBeInTheDocument();
  });
});
