import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  DriftItem,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import {
  COLLECTED_AT,
  churnReport,
  hourlySeries,
} from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { DriftCard } from '../DriftCard/DriftCard';
import { MonitoringCard } from '../MonitoringCard/MonitoringCard';
import { QualityCard } from '../QualityCard/QualityCard';
import { placedKey, placeOfArn, placeText, spansPlaces } from './placement';

const US = { accountId: '123456789012', region: 'us-east-1' };
const EU = { accountId: '210987654321', region: 'eu-west-1' };
const ENDPOINT = 'fraud-screening-prod';

function drift(where: typeof US, latest: number): DriftItem {
  return {
    feature: 'merchant_country',
    latest,
    latestAt: COLLECTED_AT,
    threshold: 0.3,
    breached: latest > 0.3,
    ...(latest > 0.3 ? { since: '2024-05-14T09:00:00.000Z' } : {}),
    source: 'model-monitor',
    scheduleName: `${ENDPOINT}-data-quality`,
    endpointName: ENDPOINT,
    ...where,
    series: hourlySeries([0.05, latest, latest, latest]),
  };
}

const schedule = (where: typeof US) => ({
  ...churnReport.monitoringSchedules[1],
  name: `${ENDPOINT}-data-quality`,
  arn: `arn:aws:sagemaker:${where.region}:${where.accountId}:monitoring-schedule/${ENDPOINT}-data-quality`,
  endpointName: ENDPOINT,
  consoleUrl: `https://${where.region}.console.aws.amazon.com/sagemaker/home?region=${where.region}#/model-monitor/${ENDPOINT}-data-quality`,
});

/** fraud-screening as the backend reports it: one endpoint name in two accounts and regions. */
const report: ModelReport = {
  ...churnReport,
  entityRef: 'component:default/fraud-screening',
  title: 'fraud-screening',
  endpoints: [US, EU].map(where => ({
    ...churnReport.endpoints[0],
    name: ENDPOINT,
    ...where,
    consoleUrl: `https://${where.region}.console.aws.amazon.com/sagemaker/home?region=${where.region}#/endpoints/${ENDPOINT}`,
  })),
  monitoringSchedules: [schedule(US), schedule(EU)],
  drift: [drift(EU, 0.46), drift(US, 0.06)],
  quality: [US, EU].map((where, i) => ({
    ...churnReport.quality[0],
    latest: i === 0 ? 0.95 : 0.9,
    breached: false,
    scheduleName: `${ENDPOINT}-model-quality`,
    endpointName: ENDPOINT,
    ...where,
  })),
};

describe('a model served in several regions', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(COLLECTED_AT));
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows each endpoint with its account and region, linked to its own region’s console', async () => {
    await renderWithApis(<MonitoringCard report={report} />, {
      api: mockMlObservabilityApi(),
    });
    const table = screen.getByRole('table', { name: 'Endpoints' });
    expect(
      within(table).getByText('123456789012 / us-east-1'),
    ).toBeInTheDocument();
    expect(
      within(table).getByText('210987654321 / eu-west-1'),
    ).toBeInTheDocument();
    const links = within(table).getAllByRole('link', {
      name: new RegExp(`^${ENDPOINT}`),
    });
    expect(links.map(l => l.getAttribute('href'))).toEqual([
      expect.stringContaining('https://us-east-1.console.aws.amazon.com'),
      expect.stringContaining('https://eu-west-1.console.aws.amazon.com'),
    ]);
    // Both schedules of the same name, each with its place.
    expect(
      within(
        screen.getByTestId(
          `schedule-${ENDPOINT}-data-quality@210987654321 / eu-west-1`,
        ),
      ).getByText('in 210987654321 / eu-west-1'),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId(
        `schedule-${ENDPOINT}-data-quality@123456789012 / us-east-1`,
      ),
    ).toBeInTheDocument();
  });

  it('keeps one drift row per endpoint and place, and charts them apart', async () => {
    await renderWithApis(<DriftCard report={report} range="24h" />, {
      api: mockMlObservabilityApi(),
    });
    const eu = screen.getByTestId(
      'drift-row-merchant_country@210987654321 / eu-west-1',
    );
    expect(within(eu).getByText('Above threshold')).toBeInTheDocument();
    expect(
      within(eu).getByText(
        `${ENDPOINT}-data-quality on ${ENDPOINT} in 210987654321 / eu-west-1`,
      ),
    ).toBeInTheDocument();
    const us = screen.getByTestId(
      'drift-row-merchant_country@123456789012 / us-east-1',
    );
    expect(within(us).getByText('Within threshold')).toBeInTheDocument();

    // Only the breached EU row starts in the chart; choosing the US one adds it, not both again.
    const euBox = screen.getByRole('checkbox', {
      name: 'Show merchant_country (eu-west-1) in the chart',
    });
    const usBox = screen.getByRole('checkbox', {
      name: 'Show merchant_country (us-east-1) in the chart',
    });
    expect(euBox).toBeChecked();
    expect(usBox).not.toBeChecked();
    await userEvent.click(usBox);
    expect(usBox).toBeChecked();
    expect(euBox).toBeChecked();
    expect(
      screen.getByRole('img', { name: /^Drift scores over the last/ }),
    ).toHaveAccessibleName(
      expect.stringContaining(
        'merchant_country (eu-west-1) latest 0.46, above its threshold 0.3',
      ),
    );
  });

  it('keeps one quality row per place, each saying where it comes from', async () => {
    await renderWithApis(<QualityCard report={report} range="24h" />, {
      api: mockMlObservabilityApi(),
    });
    const eu = screen.getByTestId(
      'quality-row-accuracy@210987654321 / eu-west-1',
    );
    expect(within(eu).getByText('90.0%')).toBeInTheDocument();
    expect(
      within(eu).getByText(
        `${ENDPOINT}-model-quality in 210987654321 / eu-west-1`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('quality-row-accuracy@123456789012 / us-east-1'),
    ).toBeInTheDocument();
    expect(screen.getByText('Accuracy (eu-west-1)')).toBeInTheDocument();
  });
});

describe('placement helpers', () => {
  it('tells whether endpoints span places, and keys items by place', () => {
    expect(spansPlaces(report.endpoints)).toBe(true);
    expect(spansPlaces([report.endpoints[0]])).toBe(false);
    expect(placeText({})).toBeUndefined();
    expect(placedKey('f', { endpointName: 'e', ...EU })).not.toBe(
      placedKey('f', { endpointName: 'e', ...US }),
    );
    expect(placeOfArn(schedule(EU).arn)).toEqual(EU);
    expect(placeOfArn('not-an-arn')).toEqual({});
  });
});
