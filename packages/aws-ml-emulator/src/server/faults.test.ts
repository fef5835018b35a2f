import {
  GetMetricDataCommand,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  ListEndpointsCommand,
} from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import {
  NOW,
  PRIMARY,
  EU,
  cloudWatch,
  failure,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';

const metricQuery = (id: string) => ({
  Id: id,
  MetricStat: {
    Metric: {
      Namespace: 'ML/ModelPerformance',
      MetricName: 'Accuracy',
      Dimensions: [{ Name: 'ModelName', Value: 'fraud-detection-v2' }],
    },
    Period: 300,
    Stat: 'Average',
  },
});
const getMetricData = (n: number) =>
  new GetMetricDataCommand({
    StartTime: new Date(NOW.getTime() - 3600_000),
    EndTime: NOW,
    MetricDataQueries: Array.from({ length: n }, (_, i) =>
      metricQuery(`m${i}`),
    ),
  });

describe('fault injection and the control API', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(() => {
    emulator.clearFaults();
    emulator.resetStats();
  });
  afterAll(() => emulator.stop());

  it("throttles beyond a per-operation rate limit with each service's throttling error", async () => {
    emulator.setFaults({
      operations: {
        DescribeEndpoint: { rateLimit: 1 },
        GetMetricData: { rateLimit: 1 },
      },
    });
    const sm = sageMaker(emulator);
    await sm.send(
      new DescribeEndpointCommand({ EndpointName: 'churn-prediction-prod' }),
    );
    expect(
      await failure(
        sm.send(
          new DescribeEndpointCommand({
            EndpointName: 'churn-prediction-prod',
          }),
        ),
      ),
    ).toMatchObject({
      name: 'ThrottlingException',
      status: 400,
    });
    const cw = cloudWatch(emulator);
    await cw.send(getMetricData(1));
    // CloudWatch's query-compatible JSON protocol reports the awsQuery code "Throttling".
    expect(await failure(cw.send(getMetricData(1)))).toMatchObject({
      name: 'Throttling',
      status: 400,
    });
    // Buckets are per account: another account still has its token.
    await sageMaker(emulator, EU).send(
      new DescribeEndpointCommand({ EndpointName: 'credit-risk-scoring' }),
    );
    const stats = emulator.stats();
    expect(stats.operations.DescribeEndpoint).toMatchObject({
      calls: 3,
      throttled: 1,
    });
    expect(stats.operations.GetMetricData).toMatchObject({
      calls: 2,
      throttled: 1,
    });
  });

  it('is retried by the SDK, which gives up after maxAttempts', async () => {
    emulator.setFaults({ operations: { ListEndpoints: { throttleRate: 1 } } });
    const error = await sageMaker(emulator, { maxAttempts: 3 })
      .send(new ListEndpointsCommand({}))
      .catch(e => e);
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata.attempts).toBe(3);
    expect(emulator.stats().operations.ListEndpoints).toMatchObject({
      calls: 3,
      throttled: 3,
    });
  }, 20_000);

  it('applies AWS-like quotas with awsLimits', async () => {
    emulator.setFaults({ awsLimits: true });
    const cw = cloudWatch(emulator);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        cw.send(new DescribeAlarmsCommand({})).then(
          () => 'ok',
          e => e.name,
        ),
      ),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    // DescribeAlarms allows 9 calls per second: a burst of 9, then refills at 9/s.
    expect(results.filter(r => r === 'ok').length).toBeLessThanOrEqual(
      9 + Math.ceil(9 * elapsedSeconds),
    );
    expect(results.filter(r => r === 'ok').length).toBeGreaterThanOrEqual(9);
    expect(results.filter(r => r === 'Throttling').length).toBe(
      results.filter(r => r !== 'ok').length,
    );
    expect(results).toContain('Throttling');
  });

  it('answers a share of calls with 5xx errors', async () => {
    emulator.setFaults({ default: { errorRate: 1 } });
    expect(
      await failure(sageMaker(emulator).send(new ListEndpointsCommand({}))),
    ).toMatchObject({ name: 'InternalFailure', status: 500 });
    expect(
      await failure(cloudWatch(emulator).send(getMetricData(1))),
    ).toMatchObject({ name: 'InternalServiceFault', status: 500 });
    expect(emulator.stats().totals).toMatchObject({
      calls: 2,
      failed: 2,
      errors: 2,
    });
  });

  it('denies access to one account only', async () => {
    emulator.setFaults({ accounts: { [PRIMARY.account]: { denied: true } } });
    expect(
      await failure(sageMaker(emulator).send(new ListEndpointsCommand({}))),
    ).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(
      await failure(cloudWatch(emulator).send(getMetricData(1))),
    ).toMatchObject({ name: 'AccessDenied', status: 403 });
    const eu = await sageMaker(emulator, EU).send(new ListEndpointsCommand({}));
    expect(eu.Endpoints!.map(e => e.EndpointName)).toEqual([
      'credit-risk-scoring',
      // The EU half of the multi-region demo model.
      'fraud-screening-prod',
    ]);
  });

  it('hangs until the client gives up', async () => {
    emulator.setFaults({ operations: { DescribeEndpoint: { hangRate: 1 } } });
    const started = Date.now();
    const error = await failure(
      sageMaker(emulator, { requestTimeout: 300 }).send(
        new DescribeEndpointCommand({ EndpointName: 'churn-prediction-prod' }),
      ),
    );
    expect(error.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emulator.stats().operations.DescribeEndpoint.hung).toBe(1);
  });

  it('adds latency', async () => {
    emulator.setFaults({
      operations: { ListEndpoints: { latencyMs: 250, jitterMs: 50 } },
    });
    const started = Date.now();
    await sageMaker(emulator).send(new ListEndpointsCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(245);
  });

  it('counts calls per operation and account, and GetMetricData metrics for billing', async () => {
    await cloudWatch(emulator).send(getMetricData(7));
    await sageMaker(emulator, EU).send(new ListEndpointsCommand({}));
    const stats = emulator.stats();
    expect(stats.getMetricData).toMatchObject({
      calls: 1,
      metricsRequested: 7,
    });
    expect(stats.getMetricData.datapointsReturned).toBeGreaterThan(7 * 10);
    expect(stats.accounts).toEqual({
      '123456789012/us-east-1': { calls: 1, operations: { GetMetricData: 1 } },
      '210987654321/eu-west-1': { calls: 1, operations: { ListEndpoints: 1 } },
    });
  });

  it('serves the control API over HTTP', async () => {
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${emulator.url}/__emulator/${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const health = await (await call('GET', 'health')).json();
    expect(health).toMatchObject({
      status: 'ok',
      scenario: 'demo',
      url: emulator.url,
      now: NOW.toISOString(),
    });

    const put = await call('PUT', 'faults', {
      operations: { GetMetricData: { latencyMs: 5 } },
    });
    expect(await put.json()).toEqual({
      operations: { GetMetricData: { latencyMs: 5 } },
    });
    expect(emulator.faults()).toEqual({
      operations: { GetMetricData: { latencyMs: 5 } },
    });
    const invalid = await call('PUT', 'faults', { default: { errorRate: 2 } });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).message).toContain('errorRate');
    expect(await (await call('DELETE', 'faults')).json()).toEqual({});

    await cloudWatch(emulator).send(getMetricData(2));
    expect(
      (await (await call('GET', 'stats')).json()).getMetricData
        .metricsRequested,
    ).toBe(2);
    expect(
      (await (await call('POST', 'stats/reset')).json()).totals.calls,
    ).toBe(0);

    const clock = await (
      await call('POST', 'clock', { advanceSeconds: 60 })
    ).json();
    expect(clock.now).toBe(new Date(NOW.getTime() + 60_000).toISOString());
    expect((await call('POST', 'clock', { advanceSeconds: -1 })).status).toBe(
      400,
    );
    expect((await call('GET', 'nope')).status).toBe(404);
  });

  it('rejects unsigned calls and unknown operations like AWS', async () => {
    const unsigned = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'SageMaker.ListEndpoints',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
    expect((await unsigned.json()).__type).toBe(
      'MissingAuthenticationTokenException',
    );
    const unknown = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'SageMaker.DeleteEverything',
        'content-type': 'application/x-amz-json-1.1',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: '{}',
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).__type).toBe('UnknownOperationException');
  });
});
