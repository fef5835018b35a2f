import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  COLLECTED_AT,
  churnReport,
  recommendationReport,
} from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { DriftCard } from './DriftCard';

const render = (report = recommendationReport) =>
  renderWithApis(<DriftCard report={report} range="24h" />, {
    api: mockMlObservabilityApi(),
  });

function featureOrder(): string[] {
  const table = screen.getByRole('table', { name: 'Drift by feature' });
  return within(table)
    .getAllByTestId(/^drift-row-/)
    .map(row => row.getAttribute('data-testid')!.slice('drift-row-'.length));
}

describe('DriftCard', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(COLLECTED_AT));
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists features worst first with score, threshold, state, since and origin', async () => {
    await render();
    expect(featureOrder()).toEqual([
      'season',
      'days_since_last_visit',
      'basket_size',
    ]);
    const season = screen.getByTestId('drift-row-season');
    expect(within(season).getByText('0.52')).toBeInTheDocument();
    expect(within(season).getByText('0.3')).toBeInTheDocument();
    expect(within(season).getByText('Above threshold')).toBeInTheDocument();
    expect(
      within(season).getByText('2024-05-14 09:00 UTC'),
    ).toBeInTheDocument();
    expect(
      within(season).getByText(
        'recommendation-engine-prod-data-quality on recommendation-engine-prod',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('drift-row-days_since_last_visit')).getByText(
        'Your drift job (custom CloudWatch metric)',
      ),
    ).toBeInTheDocument();
  });

  it('sorts by any column, both ways', async () => {
    await render();
    await userEvent.click(screen.getByRole('button', { name: 'Feature' }));
    expect(featureOrder()).toEqual([
      'basket_size',
      'days_since_last_visit',
      'season',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Feature' }));
    expect(featureOrder()).toEqual([
      'season',
      'days_since_last_visit',
      'basket_size',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Drift score' }));
    expect(featureOrder()).toEqual([
      'season',
      'days_since_last_visit',
      'basket_size',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Drift score' }));
    expect(featureOrder()).toEqual([
      'basket_size',
      'days_since_last_visit',
      'season',
    ]);
  });

  it('charts the breached features with the threshold and marked breaches, described in text', async () => {
    await render();
    expect(
      screen.getByRole('checkbox', { name: 'Show season in the chart' }),
    ).toBeChecked();
    expect(
      screen.getByRole('checkbox', { name: 'Show basket_size in the chart' }),
    ).not.toBeChecked();
    const chart = screen.getByRole('img', {
      name: /^Drift scores over the last 24 h/,
    });
    expect(chart).toHaveAccessibleName(
      'Drift scores over the last 24 h: season latest 0.52, above its threshold 0.3 since 2024-05-14 09:00 UTC. Breached points are marked with diamonds.',
    );
    // 0.31, 0.44 and 0.52 are above 0.3; 0.18 is not.
    expect(within(chart).getAllByTestId('breach-marker')).toHaveLength(3);
    expect(chart.querySelectorAll('.recharts-reference-line')).toHaveLength(1);
  });

  it('adds and removes features from the chart', async () => {
    await render();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Show basket_size in the chart' }),
    );
    expect(
      screen.getByRole('img', {
        name: /basket_size latest 0.08, within its threshold 0.3/,
      }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Show season in the chart' }),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Show basket_size in the chart' }),
    );
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(
      screen.getByText(/Select features in the table/),
    ).toBeInTheDocument();
  });

  it('keeps showing the old data under a warning when metrics were throttled', async () => {
    await render();
    expect(
      screen.getByText(
        'Warning: Model Monitor metrics throttled by AWS; showing data from 2 h ago',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'CloudWatch GetMetricData was throttled (Rate exceeded)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('drift-row-season')).toBeInTheDocument();
  });

  it('warns about every input it depends on that failed, not just the metrics', async () => {
    await render({
      ...churnReport,
      drift: [],
      sources: {
        ...churnReport.sources,
        schedules: {
          outcome: 'unsupported',
          message:
            'SageMaker ListMonitoringSchedules in 123456789012/us-east-1 answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint',
        },
        'ext:evidently': {
          outcome: 'error',
          message: 'signal source evidently could not be read',
        },
        // The alarms card's input, not this card's.
        alarms: { outcome: 'denied' },
      },
    });
    const titles = screen
      .getAllByText(/^(Warning|Error): /)
      .map(title => title.textContent);
    expect(titles).toEqual([
      'Warning: Monitoring schedules not available; no data from it yet',
      'Warning: Signal source evidently failed; no data from it yet',
    ]);
    expect(
      screen.getByText(/answered HTTP 500 with a non-AWS body/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No drift scores for this model/),
    ).toBeInTheDocument();
  });

  it("shows a drift job's features like Model Monitor ones: source, share drifted, no data and the cap", async () => {
    const points = (...values: number[]) =>
      values.map((v, i) => ({
        t: new Date(
          Date.parse(COLLECTED_AT) - (values.length - i) * 3_600_000,
        ).toISOString(),
        v,
      }));
    await render({
      ...churnReport,
      drift: [
        {
          feature: 'amount',
          latest: 0.45,
          latestAt: COLLECTED_AT,
          threshold: 0.3,
          breached: true,
          since: '2024-05-14T10:00:00.000Z',
          source: 'custom',
          namespace: 'ML/Drift',
          series: points(0.1, 0.45),
        },
        {
          feature: 'country',
          latest: 0.05,
          latestAt: COLLECTED_AT,
          threshold: 0.3,
          breached: false,
          source: 'custom',
          namespace: 'ML/Drift',
          series: points(0.05),
        },
        {
          feature: 'merchant',
          threshold: 0.3,
          breached: false,
          source: 'custom',
          namespace: 'ML/Drift',
          series: [],
        },
      ],
      driftCoverage: [
        {
          namespace: 'ML/Drift',
          dimensions: [{ name: 'ModelName', value: 'card-fraud' }],
          shape: 'dimension',
          featureDimension: 'Feature',
          metricName: 'drift_score',
          found: 2300,
          shown: 100,
          cap: 100,
        },
      ],
    });
    expect(featureOrder()).toEqual(['amount', 'country', 'merchant']);
    expect(screen.getByTestId('drift-share')).toHaveTextContent(
      '1 of 2 features above their threshold (50%); 1 without data yet.',
    );
    expect(screen.getByTestId('drift-coverage')).toHaveTextContent(
      'Your drift job in ML/Drift (ModelName=card-fraud), drift_score by Feature: showing 100 of 2,300 features (the first by name); cap maxFeatures=100.',
    );
    const amount = screen.getByTestId('drift-row-amount');
    expect(within(amount).getByText('Above threshold')).toBeInTheDocument();
    expect(
      within(amount).getByText('Your drift job (ML/Drift)'),
    ).toBeInTheDocument();
    const merchant = screen.getByTestId('drift-row-merchant');
    expect(within(merchant).getByText('no data')).toBeInTheDocument();
    expect(within(merchant).getByText('No data')).toBeInTheDocument();
    expect(within(merchant).queryByText('0')).not.toBeInTheDocument();
    // Sorting by score puts the feature without data below every score.
    await userEvent.click(screen.getByRole('button', { name: 'Drift score' }));
    expect(featureOrder()).toEqual(['amount', 'country', 'merchant']);
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Show merchant in the chart' }),
    );
    expect(
      screen.getByRole('img', { name: /merchant: no data yet/ }),
    ).toBeInTheDocument();
  });

  it("says when a drift job's features are all shown, or not found yet", async () => {
    const coverage = {
      namespace: 'ML/Drift',
      dimensions: [{ name: 'ModelName', value: 'm' }],
      shape: 'pattern' as const,
      prefix: 'feature_drift_',
      shown: 0,
      cap: 100,
    };
    await render({
      ...churnReport,
      drift: [],
      driftCoverage: [
        coverage,
        { ...coverage, namespace: 'ML/Drift2', found: 3, shown: 3 },
      ],
    });
    expect(
      screen.getAllByTestId('drift-coverage').map(e => e.textContent),
    ).toEqual([
      'Your drift job in ML/Drift (ModelName=m), feature_drift_<feature>: features not discovered yet.',
      'Your drift job in ML/Drift2 (ModelName=m), feature_drift_<feature>: all 3 features.',
    ]);
    expect(
      screen.getByText(/No drift scores for this model/),
    ).toBeInTheDocument();
  });

  it('explains where drift comes from when there is none', async () => {
    await render({ ...churnReport, drift: [] });
    expect(
      screen.getByText(/No drift scores for this model/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
