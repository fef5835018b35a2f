import { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { mlObservabilityActPermission } from '@mlobs/backstage-plugin-ml-observability-common';
import { MlObservabilityApi, mlObservabilityApiRef } from '../api';

export type MockMlObservabilityApi = jest.Mocked<MlObservabilityApi>;

/** Every call rejects until a test says what it returns. */
export function mockMlObservabilityApi(): MockMlObservabilityApi {
  const unexpected = (name: string) =>
    jest.fn(async (..._args: unknown[]): Promise<never> => {
      throw new Error(`unexpected call to ${name}`);
    });
  return {
    getModelReport: unexpected('getModelReport'),
    refreshModelReport: unexpected('refreshModelReport'),
    getAlertHistory: unexpected('getAlertHistory'),
    getFleet: unexpected('getFleet'),
    lookupEscalation: unexpected('lookupEscalation'),
    listActionRuns: unexpected('listActionRuns'),
    planAction: unexpected('planAction'),
    runAction: unexpected('runAction'),
    getActionRun: unexpected('getActionRun'),
    planUndo: unexpected('planUndo'),
    undoRun: unexpected('undoRun'),
  } as unknown as MockMlObservabilityApi;
}

/**
 * A permission API answering every request the same way, except the
 * permissions named in `byName` (`ml-observability.model.act`...).
 */
export function permissionApi(
  result: 'ALLOW' | 'DENY',
  byName: Record<string, 'ALLOW' | 'DENY'> = {},
): PermissionApi {
  return {
    authorize: async (request: { permission: { name: string } }) => ({
      result: byName[request.permission.name] ?? result,
    }),
  } as unknown as PermissionApi;
}

/**
 * Renders in a legacy test app with the plugin's API, permissions, an
 * identity and (optionally) an entity, and the catalog's entity route mounted
 * so entity links resolve.
 */
export async function renderWithApis(
  element: ReactElement,
  options: {
    api: MlObservabilityApi;
    entity?: Entity;
    refreshAllowed?: boolean;
    /** Whether ml-observability.model.act is allowed; as refreshAllowed when absent. */
    actAllowed?: boolean;
    ownershipEntityRefs?: string[];
    routeEntries?: string[];
    /** Replaces the permission API that refreshAllowed and actAllowed describe. */
    permissionApi?: PermissionApi;
    /** Installs a signals API; apps without one are the default. */
    signalApi?: SignalApi;
  },
) {
  const identity = mockApis.identity({
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: options.ownershipEntityRefs ?? [
      'user:default/guest',
      'group:default/ml-platform-team',
    ],
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [mlObservabilityApiRef, options.api],
        [
          permissionApiRef,
          options.permissionApi ??
            permissionApi(
              options.refreshAllowed === false ? 'DENY' : 'ALLOW',
              options.actAllowed === undefined
                ? {}
                : {
                    [mlObservabilityActPermission.name]: options.actAllowed
                      ? 'ALLOW'
                      : 'DENY',
                  },
            ),
        ],
        [identityApiRef, identity],
        ...(options.signalApi
          ? [[signalApiRef, options.signalApi] as const]
          : []),
      ]}
    >
      {options.entity ? (
        <EntityProvider entity={options.entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.routeEntries,
    },
  );
}

/** A signal's message (JSON), as the signals API types it. */
type JsonObject = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/**
 * A signals API whose `publish` delivers a message to the subscribers of a
 * channel, as the backend's signals service would.
 */
export function mockSignalApi() {
  const subscribers = new Map<string, Set<(message: JsonObject) => void>>();
  const api: SignalApi = {
    subscribe: jest.fn(
      (channel: string, onMessage: (message: JsonObject) => void) => {
        const set = subscribers.get(channel) ?? new Set();
        set.add(onMessage);
        subscribers.set(channel, set);
        return { unsubscribe: () => set.delete(onMessage) };
      },
    ) as SignalApi['subscribe'],
  };
  const publish = (channel: string, message: JsonObject) =>
    subscribers.get(channel)?.forEach(handler => handler(message));
  return { api, publish };
}
