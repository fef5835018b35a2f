import { act, screen, waitFor } from '@testing-library/react';
import {
  churnAlertHistory,
  churnEntity,
  COLLECTED_AT,
  emptyAlertHistory,
  healthyReport,
} from '../../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  mockSignalApi,
  renderWithApis,
} from '../../__testUtils__/testApp';
import { modelSignalChannel } from '../../hooks/useModelSignal';
import { EntityMlObservabilityContent } from './EntityMlObservabilityContent';

const CHANNEL = 'ml-observability:component:default/churn-prediction';

function setup() {
  const api = mockMlObservabilityApi();
  api.getModelReport.mockResolvedValue(healthyReport);
  api.getAlertHistory
    .mockResolvedValueOnce(emptyAlertHistory)
    .mockResolvedValue(churnAlertHistory);
  return api;
}

describe('live refresh of the ML Observability tab', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse(COLLECTED_AT));
  });
  afterEach(() => jest.restoreAllMocks());

  it('names the channel by the lower-case entity ref', () => {
    expect(modelSignalChannel('Component:Default/Churn-Prediction')).toBe(
      'ml-observability:component:default/churn-prediction',
    );
    expect(modelSignalChannel('component:churn-prediction')).toBe(CHANNEL);
  });

  it('loads the report and the alert history again once per burst of signals', async () => {
    const api = setup();
    const signals = mockSignalApi();
    await renderWithApis(<EntityMlObservabilityContent />, {
      api,
      entity: churnEntity,
      signalApi: signals.api,
    });
    expect(
      await screen.findByText(
        'No alarm transitions stored in the last 90 days.',
      ),
    ).toBeInTheDocument();
    expect(signals.api.subscribe).toHaveBeenCalledWith(
      CHANNEL,
      expect.any(Function),
    );
    expect(api.getModelReport).toHaveBeenCalledTimes(1);
    expect(api.getAlertHistory).toHaveBeenCalledTimes(1);

    act(() => {
      signals.publish(CHANNEL, {
        type: 'alerts',
        alarmArn: churnAlertHistory.alarms[0].alarmArn,
        state: 'ALARM',
      });
      signals.publish(CHANNEL, {
        type: 'alerts',
        alarmArn: churnAlertHistory.alarms[1].alarmArn,
        state: 'OK',
      });
    });
    // Debounced: nothing before the second has passed.
    expect(api.getAlertHistory).toHaveBeenCalledTimes(1);
    expect(
      await screen.findByRole(
        'table',
        { name: 'Alert history per alarm' },
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
    expect(api.getAlertHistory).toHaveBeenCalledTimes(2);
    expect(api.getModelReport).toHaveBeenCalledTimes(2);
  });

  it('ignores signals on other models and works without a signals API', async () => {
    const api = setup();
    const signals = mockSignalApi();
    await renderWithApis(<EntityMlObservabilityContent />, {
      api,
      entity: churnEntity,
      signalApi: signals.api,
    });
    await waitFor(() => expect(api.getAlertHistory).toHaveBeenCalledTimes(1));
    act(() =>
      signals.publish('ml-observability:component:default/other-model', {
        type: 'alerts',
      }),
    );
    await new Promise(resolve => setTimeout(resolve, 1200));
    expect(api.getAlertHistory).toHaveBeenCalledTimes(1);

    const withoutSignals = setup();
    await renderWithApis(<EntityMlObservabilityContent />, {
      api: withoutSignals,
      entity: churnEntity,
    });
    await waitFor(() =>
      expect(withoutSignals.getAlertHistory).toHaveBeenCalledTimes(1),
    );
  });
});
