import { screen } from '@testing-library/react';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import { COLLECTED_AT, churnReport } from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { DriftCard } from '../DriftCard/DriftCard';
import { QualityCard } from '../QualityCard/QualityCard';

const MESSAGE =
  'SageMaker ListMonitoringSchedules in 123456789012/us-east-1 answered HTTP 500 with a non-AWS body: the operation may be unsupported by this endpoint';

const unreadList: ModelReport = {
  ...churnReport,
  sources: {
    ...churnReport.sources,
    schedules: {
      outcome: 'unsupported',
      message: MESSAGE,
      checkedAt: COLLECTED_AT,
      lastSuccessAt: '2024-05-14T11:00:00.000Z',
    },
  },
  scheduleListUnread: {
    message: MESSAGE,
    schedules: [
      'churn-prediction-prod-data-quality',
      'churn-prediction-prod-model-quality',
    ],
  },
};

const note = () => screen.queryByRole('note', { name: 'Schedule list' });

describe('the drift and quality cards without the schedule list', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(COLLECTED_AT));
  });
  afterEach(() => jest.restoreAllMocks());

  it('says drift was found by the endpoint metrics, next to the warning of the schedule source', async () => {
    await renderWithApis(<DriftCard report={unreadList} range="24h" />, {
      api: mockMlObservabilityApi(),
    });
    expect(note()).toHaveTextContent(
      "Schedule list could not be read; drift found by the endpoint's metrics (from churn-prediction-prod-data-quality, churn-prediction-prod-model-quality).",
    );
    expect(screen.getAllByText(MESSAGE).length).toBeGreaterThan(0);
    // Each row still names its schedule.
    expect(
      screen.getAllByText(
        'churn-prediction-prod-data-quality on churn-prediction-prod',
      ).length,
    ).toBeGreaterThan(0);
  });

  it('says quality was found by the endpoint metrics', async () => {
    await renderWithApis(<QualityCard report={unreadList} range="24h" />, {
      api: mockMlObservabilityApi(),
    });
    expect(note()).toHaveTextContent(
      "Schedule list could not be read; quality found by the endpoint's metrics",
    );
    expect(
      screen.getAllByText('churn-prediction-prod-model-quality').length,
    ).toBeGreaterThan(0);
  });

  it('says nothing when the list was read', async () => {
    await renderWithApis(<DriftCard report={churnReport} range="24h" />, {
      api: mockMlObservabilityApi(),
    });
    expect(note()).toBeNull();
  });

  it('says nothing in a card without Model Monitor items', async () => {
    await renderWithApis(
      <DriftCard report={{ ...unreadList, drift: [] }} range="24h" />,
      { api: mockMlObservabilityApi() },
    );
    expect(note()).toBeNull();
  });
});
