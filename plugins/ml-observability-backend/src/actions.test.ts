import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import { registerActions } from './actions';
import type { MlObservabilityService } from './service/MlObservabilityService';

const REF = 'component:default/fraud-detection-v2';

function serviceAnswering(
  health: ModelReport['health'],
): MlObservabilityService {
  const report = {
    entityRef: REF,
    health,
    collectedAt: '2025-03-10T15:00:00.000Z',
    stale: { isStale: false, ageSeconds: 60 },
  } as ModelReport;
  return {
    getModelReport: async () => report,
  } as unknown as MlObservabilityService;
}

describe('get-model-health', () => {
  it('says when the verdict is partial and which sources it could not see', async () => {
    const actions = actionsRegistryServiceMock();
    registerActions(
      actions,
      serviceAnswering({
        status: 'healthy',
        reasons: [
          {
            severity: 'unknown',
            source: 'source',
            subject: 'schedules',
            message: 'Monitoring schedules could not be read (error)',
          },
        ],
        partial: true,
        failedSources: [
          { source: 'schedules', outcome: 'error' },
          { source: 'ext:prometheus', outcome: 'throttled' },
        ],
      }),
    );
    const { output } = await actions.invoke({
      id: 'test:get-model-health',
      input: { entityRef: REF },
      credentials: mockCredentials.user(),
    });
    expect(output).toEqual({
      entityRef: REF,
      status: 'healthy',
      reasons: [
        {
          severity: 'unknown',
          message: 'Monitoring schedules could not be read (error)',
        },
      ],
      partial: true,
      failedSources: ['monitoring schedules', 'signal source prometheus'],
      collectedAt: '2025-03-10T15:00:00.000Z',
      stale: false,
    });
  });

  it('leaves both out when every source was read', async () => {
    const actions = actionsRegistryServiceMock();
    registerActions(
      actions,
      serviceAnswering({ status: 'healthy', reasons: [] }),
    );
    const { output } = await actions.invoke({
      id: 'test:get-model-health',
      input: { entityRef: REF },
      credentials: mockCredentials.user(),
    });
    expect(output).not.toHaveProperty('partial');
    expect(output).not.toHaveProperty('failedSources');
  });
});
