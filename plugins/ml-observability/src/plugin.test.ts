import { churnEntity } from './__testUtils__/fixtures';
import {
  isMlObservabilityAvailable,
  mlObservabilityPlugin,
  MlObservabilityEscalationPage,
  MlObservabilityFleetPage,
  EntityMlObservabilityContent,
} from './index';
import { mlObservabilityApiRef } from './api';

describe('legacy frontend system', () => {
  it('is the ml-observability plugin with its API and two routable pages', () => {
    expect(mlObservabilityPlugin.getId()).toBe('ml-observability');
    expect([...mlObservabilityPlugin.getApis()].map(f => f.api)).toEqual([
      mlObservabilityApiRef,
    ]);
    expect(Object.keys(mlObservabilityPlugin.routes)).toEqual([
      'fleet',
      'escalation',
    ]);
    expect(MlObservabilityFleetPage).toBeDefined();
    expect(MlObservabilityEscalationPage).toBeDefined();
    expect(EntityMlObservabilityContent).toBeDefined();
  });

  it('offers the tab for models only', () => {
    expect(isMlObservabilityAvailable(churnEntity)).toBe(true);
    expect(
      isMlObservabilityAvailable({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout-web' },
        spec: { type: 'website' },
      }),
    ).toBe(false);
  });
});
