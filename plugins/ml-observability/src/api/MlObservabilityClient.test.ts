import { ResponseError } from '@backstage/errors';
import {
  churnAlertHistory,
  churnReport,
  escalationResult,
  fleetPage,
  runningShift,
  shiftPlan,
  succeededShift,
  succeededUndo,
} from '../__testUtils__/fixtures';
import { errorResponse } from '../__testUtils__/errors';
import { MlObservabilityClient } from './MlObservabilityClient';

const BASE = 'http://backstage.test/api/ml-observability';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(response: Response) {
  // As Backstage's fetch middleware does: each layer builds a Request of its own from the input.
  const fetch = jest.fn(
    async (input: RequestInfo | URL, init?: RequestInit) => {
      const first = new Request(input, init);
      const second = new Request(input, init);
      await first.text();
      await second.text();
      return response;
    },
  );
  const client = new MlObservabilityClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://backstage.test/api/${pluginId}`,
    },
    fetchApi: { fetch },
  });
  // The app's fetch gets the URL and an init with the method, headers and body.
  const request = () =>
    new Request(fetch.mock.calls[0][0] as string, fetch.mock.calls[0][1]);
  const url = () => request().url;
  return { client, fetch, url, request };
}

describe('MlObservabilityClient', () => {
  it('asks for a model report by namespace, kind and name with the range', async () => {
    const { client, url, request } = setup(jsonResponse(churnReport));
    await expect(
      client.getModelReport('component:default/churn-prediction', {
        range: '7d',
      }),
    ).resolves.toEqual(churnReport);
    expect(url()).toBe(
      `${BASE}/v1/models/default/component/churn-prediction?range=7d`,
    );
    expect(request().method).toBe('GET');
    expect(request().headers.get('Accept')).toBe('application/json');
  });

  it('fills in the default namespace and uses the canonical (lower case) ref', async () => {
    const { client, url } = setup(jsonResponse(churnReport));
    await client.getModelReport({
      kind: 'Component',
      namespace: 'ML',
      name: 'Fraud v2',
    });
    expect(url()).toBe(`${BASE}/v1/models/ml/component/fraud%20v2`);

    const second = setup(jsonResponse(churnReport));
    await second.client.getModelReport('component:churn-prediction');
    expect(second.url()).toBe(
      `${BASE}/v1/models/default/component/churn-prediction`,
    );
  });

  it('posts a refresh and returns the new report', async () => {
    const { client, url, request } = setup(jsonResponse(churnReport));
    await expect(
      client.refreshModelReport('component:default/churn-prediction'),
    ).resolves.toEqual(churnReport);
    expect(url()).toBe(
      `${BASE}/v1/models/default/component/churn-prediction/refresh`,
    );
    expect(request().method).toBe('POST');
  });

  it('repeats fleet filters as query parameters and passes the cursor', async () => {
    const { client, url } = setup(jsonResponse(fleetPage));
    await expect(
      client.getFleet({
        owner: ['group:default/a-team', 'group:default/b-team'],
        status: ['critical'],
        lifecycle: ['production'],
        accountId: ['123456789012'],
        region: ['us-east-1', 'eu-west-1'],
        cursor: 'abc',
        limit: 25,
      }),
    ).resolves.toEqual(fleetPage);
    const params = new URL(url()).searchParams;
    expect(new URL(url()).pathname).toBe('/api/ml-observability/v1/models');
    expect(params.getAll('owner')).toEqual([
      'group:default/a-team',
      'group:default/b-team',
    ]);
    expect(params.getAll('status')).toEqual(['critical']);
    expect(params.getAll('lifecycle')).toEqual(['production']);
    expect(params.getAll('account')).toEqual(['123456789012']);
    expect(params.getAll('region')).toEqual(['us-east-1', 'eu-west-1']);
    expect(params.get('cursor')).toBe('abc');
    expect(params.get('limit')).toBe('25');
  });

  it('asks for a model alert history by namespace, kind and name', async () => {
    const { client, url, request } = setup(jsonResponse(churnAlertHistory));
    await expect(
      client.getAlertHistory({
        kind: 'Component',
        namespace: 'default',
        name: 'churn-prediction',
      }),
    ).resolves.toEqual(churnAlertHistory);
    expect(url()).toBe(
      `${BASE}/v1/models/default/component/churn-prediction/alerts`,
    );
    expect(request().method).toBe('GET');
  });

  it.each([403, 404, 500])(
    'rejects an alert history request with a ResponseError carrying status %i',
    async status => {
      const { client } = setup(errorResponse(status, 'no alert history'));
      const error = await client
        .getAlertHistory('component:default/churn-prediction')
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(status);
      expect(error.cause.message).toBe('no alert history');
    },
  );

  it('sends the fleet order', async () => {
    const { client, url } = setup(jsonResponse(fleetPage));
    await client.getFleet({ sort: 'firedIn7d', status: ['critical'] });
    const params = new URL(url()).searchParams;
    expect(params.get('sort')).toBe('firedIn7d');
    expect(params.getAll('status')).toEqual(['critical']);
  });

  it('asks for the whole fleet without a query string when nothing is filtered', async () => {
    const { client, url } = setup(jsonResponse(fleetPage));
    await client.getFleet();
    expect(url()).toBe(`${BASE}/v1/models`);
  });

  it('looks up a trimmed, encoded resource', async () => {
    const { client, url } = setup(jsonResponse(escalationResult));
    const arn =
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn prediction';
    await expect(client.lookupEscalation(`  ${arn} `)).resolves.toEqual(
      escalationResult,
    );
    expect(new URL(url()).searchParams.get('resource')).toBe(arn);
  });

  it.each([403, 404, 429, 500])(
    'rejects with a ResponseError carrying status %i and the server message',
    async status => {
      const { client } = setup(
        errorResponse(status, 'model churn-prediction is not visible'),
      );
      const error = await client
        .getModelReport('component:default/churn-prediction')
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(status);
      expect(error.cause.message).toBe('model churn-prediction is not visible');
    },
  );

  describe('runbook actions', () => {
    const MODEL = `${BASE}/v1/models/default/component/churn-prediction`;
    const ref = 'component:default/churn-prediction';

    it('lists the runs of a model', async () => {
      const list = { entityRef: ref, runs: [succeededUndo, succeededShift] };
      const { client, url, request } = setup(jsonResponse(list));
      await expect(client.listActionRuns(ref)).resolves.toEqual(list);
      expect(url()).toBe(`${MODEL}/actions`);
      expect(request().method).toBe('GET');
    });

    it('plans an action with a dry run and no idempotency key', async () => {
      const { client, url, request } = setup(jsonResponse(shiftPlan));
      await expect(
        client.planAction(
          { kind: 'Component', namespace: 'default', name: 'churn-prediction' },
          'severity-1',
          { alarmArn: 'arn:aws:cloudwatch:us-east-1:1:alarm:a' },
        ),
      ).resolves.toEqual(shiftPlan);
      expect(url()).toBe(`${MODEL}/actions/severity-1`);
      expect(request().method).toBe('POST');
      expect(request().headers.get('Content-Type')).toBe('application/json');
      await expect(request().json()).resolves.toEqual({
        dryRun: true,
        alarmArn: 'arn:aws:cloudwatch:us-east-1:1:alarm:a',
      });
    });

    it('applies an action with its idempotency key and returns the run (202)', async () => {
      const { client, url, request } = setup(jsonResponse(runningShift, 202));
      await expect(
        client.runAction(ref, 'severity-1', { idempotencyKey: 'key-12345678' }),
      ).resolves.toEqual(runningShift);
      expect(url()).toBe(`${MODEL}/actions/severity-1`);
      expect(request().method).toBe('POST');
      await expect(request().json()).resolves.toEqual({
        dryRun: false,
        idempotencyKey: 'key-12345678',
      });
    });

    it('reads a run', async () => {
      const { client, url, request } = setup(jsonResponse(succeededShift));
      await expect(client.getActionRun(ref, 'run-1')).resolves.toEqual(
        succeededShift,
      );
      expect(url()).toBe(`${MODEL}/actions/runs/run-1`);
      expect(request().method).toBe('GET');
    });

    it('plans an undo with a dry run', async () => {
      const undoPlan = { ...shiftPlan, undoOf: 'run-1' };
      const { client, url, request } = setup(jsonResponse(undoPlan));
      await expect(client.planUndo(ref, 'run-1')).resolves.toEqual(undoPlan);
      expect(url()).toBe(`${MODEL}/actions/runs/run-1/undo`);
      expect(request().method).toBe('POST');
      await expect(request().json()).resolves.toEqual({ dryRun: true });
    });

    it('starts an undo with its idempotency key', async () => {
      const { client, url, request } = setup(jsonResponse(succeededUndo, 202));
      await expect(
        client.undoRun(ref, 'run-1', { idempotencyKey: 'undo-12345678' }),
      ).resolves.toEqual(succeededUndo);
      expect(url()).toBe(`${MODEL}/actions/runs/run-1/undo`);
      await expect(request().json()).resolves.toEqual({
        dryRun: false,
        idempotencyKey: 'undo-12345678',
      });
    });

    it.each([
      [
        409,
        'user:default/amara.okafor is running Shift traffic to rules-fallback on churn-prediction-prod',
      ],
      [429, 'Too many action runs on this model; try again in 60 seconds'],
      [403, 'You may not run the actions of this model'],
    ])(
      'rejects an apply answered %i with the server message',
      async (status, message) => {
        const { client } = setup(
          errorResponse(status, message, { 'Retry-After': '60' }),
        );
        const error = await client
          .runAction(ref, 'severity-1', { idempotencyKey: 'key-12345678' })
          .catch(e => e);
        expect(ResponseError.is(error)).toBe(true);
        expect(error.statusCode).toBe(status);
        expect(error.cause.message).toBe(message);
      },
    );

    it('rejects an undo answered 409 with the server message', async () => {
      const { client } = setup(
        errorResponse(409, 'run-1 was undone already by run-2'),
      );
      const error = await client
        .undoRun(ref, 'run-1', { idempotencyKey: 'undo-12345678' })
        .catch(e => e);
      expect(error.statusCode).toBe(409);
      expect(error.cause.message).toBe('run-1 was undone already by run-2');
    });
  });
});
