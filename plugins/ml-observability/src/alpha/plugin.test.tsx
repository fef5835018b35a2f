import { screen } from '@testing-library/react';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { MlObservabilityClient, mlObservabilityApiRef } from '../api';
import { churnEntity, churnReport, fleetPage } from '../__testUtils__/fixtures';
import {
  mockMlObservabilityApi,
  permissionApi,
} from '../__testUtils__/testApp';
import alphaDefault from '../alpha';
import rootDefault from '../index';
import { mlObservabilityApi, mlObservabilityEntityContent } from './extensions';
import { mlObservabilityFrontendPlugin } from './plugin';

/** The page with its sub-pages, taken from the plugin so their ids resolve. */
function pageTester() {
  const plugin = mlObservabilityFrontendPlugin;
  return createExtensionTester(plugin.getExtension('page:ml-observability'))
    .add(plugin.getExtension('sub-page:ml-observability/fleet'))
    .add(plugin.getExtension('sub-page:ml-observability/escalation'));
}

describe('new frontend system', () => {
  it('is the default export of the package root and of /alpha, for app.packages discovery', () => {
    expect(rootDefault).toBe(mlObservabilityFrontendPlugin);
    expect(alphaDefault).toBe(mlObservabilityFrontendPlugin);
    expect(mlObservabilityFrontendPlugin.$$type).toBe(
      '@backstage/FrontendPlugin',
    );
    expect(mlObservabilityFrontendPlugin.pluginId).toBe('ml-observability');
    // The ids the README documents for app-config.
    for (const id of [
      'api:ml-observability',
      'entity-content:ml-observability',
      'page:ml-observability',
      'sub-page:ml-observability/fleet',
      'sub-page:ml-observability/escalation',
    ] as const) {
      expect(mlObservabilityFrontendPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('provides the backend client', () => {
    const factory = createExtensionTester(mlObservabilityApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(mlObservabilityApiRef);
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(MlObservabilityClient);
  });

  it('adds the ML Observability tab to model entities, in the observability group', () => {
    const tester = createExtensionTester(mlObservabilityEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('ml-observability');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'ML Observability',
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'observability',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(churnEntity)).toBe(true);
    expect(
      filter({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout-web' },
        spec: { type: 'website', owner: 'web-team', lifecycle: 'production' },
      }),
    ).toBe(false);
  });

  it("renders the tab for the page's entity", async () => {
    const api = mockMlObservabilityApi();
    api.getModelReport.mockResolvedValue(churnReport);
    const tester = createExtensionTester(mlObservabilityEntityContent);
    renderInTestApp(
      <EntityProvider entity={churnEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [mlObservabilityApiRef, api],
          [permissionApiRef, permissionApi('ALLOW')],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByText('Critical', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(api.getModelReport).toHaveBeenCalledWith(
      'component:default/churn-prediction',
      { range: '24h' },
    );
  });

  it('adds the page at /ml-observability with a nav title and icon, and its two tabs', () => {
    const tester = pageTester();
    expect(tester.get(coreExtensionData.routePath)).toBe('/ml-observability');
    expect(tester.get(coreExtensionData.title)).toBe('ML Observability');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
    const snapshot = tester.snapshot();
    expect(snapshot.id).toBe('page:ml-observability');
    expect(snapshot.children?.pages?.map(p => p.id).sort()).toEqual([
      'sub-page:ml-observability/escalation',
      'sub-page:ml-observability/fleet',
    ]);
  });

  it('opens the fleet first and offers the escalation lookup as a tab', async () => {
    const api = mockMlObservabilityApi();
    api.getFleet.mockResolvedValue(fleetPage);
    const tester = pageTester();
    renderInTestApp(tester.reactElement(), {
      apis: [
        [mlObservabilityApiRef, api],
        mockApis.identity({
          userEntityRef: 'user:default/guest',
          ownershipEntityRefs: ['group:default/ml-platform-team'],
        }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByText(/^Models 1–3 of 5/, undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Fleet' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      screen.getByRole('tab', { name: 'Escalation lookup' }),
    ).toHaveAttribute('aria-selected', 'false');
  });
});
