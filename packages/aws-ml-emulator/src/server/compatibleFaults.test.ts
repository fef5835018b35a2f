/**
 * The faults of AWS-compatible stand-ins, through the real SDK: an operation
 * answered with an HTML 500 page, and answers that leave out members AWS
 * documents (DescribeEndpoint without CurrentSamplingPercentage).
 */
import {
  DescribeAlarmsCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListEndpointsCommand,
  ListMonitoringSchedulesCommand,
} from '@aws-sdk/client-sagemaker';
import type { Emulator } from '../emulator';
import {
  EU,
  PRIMARY,
  cloudWatch,
  sageMaker,
  startTestEmulator,
} from '../__testUtils__/clients';
import { omitFields, validateFaultConfig } from './faults';

interface RawSdkError {
  name: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: {
    statusCode?: number;
    headers?: Record<string, string>;
  };
}

async function rejection(promise: Promise<unknown>): Promise<RawSdkError> {
  try {
    await promise;
  } catch (e) {
    return e as RawSdkError;
  }
  throw new Error('Expected the call to fail');
}

describe('faults of AWS-compatible endpoints', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(() => {
    emulator.clearFaults();
    emulator.resetStats();
  });
  afterAll(() => emulator.stop());

  it('answers an operation with an HTML 500 page, which the SDK cannot parse', async () => {
    emulator.setFaults({
      operations: {
        ListMonitoringSchedules: { nonAwsErrorRate: 1 },
        DescribeAlarms: { nonAwsErrorRate: 1 },
      },
    });
    const sm = sageMaker(emulator, { maxAttempts: 1 });
    const error = await rejection(
      sm.send(new ListMonitoringSchedulesCommand({})),
    );
    // No AWS error code: the SDK's JSON parser fails on the page and keeps the raw answer.
    expect(error.name).toBe('SyntaxError');
    expect(error.$metadata?.httpStatusCode).toBe(500);
    expect(error.$response?.statusCode).toBe(500);
    expect(error.$response?.headers?.['content-type']).toMatch(/^text\/html/);

    const cw = await rejection(
      cloudWatch(emulator, { maxAttempts: 1 }).send(
        new DescribeAlarmsCommand({}),
      ),
    );
    expect(cw.name).toBe('SyntaxError');
    expect(cw.$metadata?.httpStatusCode).toBe(500);

    // Other operations still answer.
    const listed = await sm.send(new ListEndpointsCommand({}));
    expect(listed.Endpoints?.length).toBeGreaterThan(0);
    expect(emulator.stats().operations.ListMonitoringSchedules).toMatchObject({
      calls: 1,
      failed: 1,
      errors: 1,
    });
  });

  it('is retried by a plain SDK client like any 500, each attempt a call', async () => {
    emulator.setFaults({
      operations: { ListMonitoringSchedules: { nonAwsErrorRate: 1 } },
    });
    const error = await rejection(
      sageMaker(emulator, { maxAttempts: 3 }).send(
        new ListMonitoringSchedulesCommand({}),
      ),
    );
    expect(error.name).toBe('SyntaxError');
    expect(error.$metadata?.attempts).toBe(3);
    expect(emulator.stats().operations.ListMonitoringSchedules.calls).toBe(3);
  }, 20_000);

  it('applies per account, like the other rule members', async () => {
    emulator.setFaults({
      accounts: {
        [EU.account]: {
          operations: { ListMonitoringSchedules: { nonAwsErrorRate: 1 } },
        },
      },
    });
    const eu = await rejection(
      sageMaker(emulator, { ...EU, maxAttempts: 1 }).send(
        new ListMonitoringSchedulesCommand({}),
      ),
    );
    expect(eu.name).toBe('SyntaxError');
    const primary = await sageMaker(emulator, PRIMARY).send(
      new ListMonitoringSchedulesCommand({}),
    );
    expect(primary.MonitoringScheduleSummaries?.length).toBeGreaterThan(0);
  });

  it('leaves members out of an answer, and the endpoint config still has the sampling', async () => {
    const sm = sageMaker(emulator);
    const request = new DescribeEndpointCommand({
      EndpointName: 'churn-prediction-prod',
    });
    const full = await sm.send(request);
    expect(full.DataCaptureConfig).toMatchObject({
      EnableCapture: true,
      CaptureStatus: 'Started',
      CurrentSamplingPercentage: 100,
    });

    emulator.setFaults({
      operations: {
        DescribeEndpoint: {
          omitFields: [
            'DataCaptureConfig.CurrentSamplingPercentage',
            'DataCaptureConfig.CaptureStatus',
          ],
        },
      },
    });
    const partial = await sm.send(request);
    expect(partial.DataCaptureConfig).toEqual({
      EnableCapture: true,
      DestinationS3Uri: full.DataCaptureConfig?.DestinationS3Uri,
    });
    expect(partial.EndpointConfigName).toBe(full.EndpointConfigName);

    const config = await sm.send(
      new DescribeEndpointConfigCommand({
        EndpointConfigName: partial.EndpointConfigName,
      }),
    );
    expect(config.DataCaptureConfig?.InitialSamplingPercentage).toBe(100);

    // The answer was trimmed, not the simulated endpoint.
    emulator.clearFaults();
    expect((await sm.send(request)).DataCaptureConfig).toEqual(
      full.DataCaptureConfig,
    );
  });

  it('lists each metric twice in every ListMetrics answer, and only there', async () => {
    const cw = cloudWatch(emulator);
    const request = new ListMetricsCommand({
      Namespace: 'aws/sagemaker/Endpoints/data-metrics',
      IncludeLinkedAccounts: true,
    });
    const once = await cw.send(request);
    expect(once.Metrics?.length).toBeGreaterThan(0);

    emulator.setFaults({ duplicateListMetrics: true });
    const twice = await cw.send(request);
    expect(twice.Metrics).toEqual(once.Metrics!.flatMap(m => [m, m]));
    expect(twice.OwningAccounts).toEqual(
      once.OwningAccounts!.flatMap(a => [a, a]),
    );
    expect(twice.NextToken).toEqual(once.NextToken);
    // Other answers are as usual.
    const alarms = await cw.send(new DescribeAlarmsCommand({}));
    expect(new Set(alarms.MetricAlarms!.map(a => a.AlarmName)).size).toBe(
      alarms.MetricAlarms!.length,
    );
    expect(() => validateFaultConfig({ duplicateListMetrics: 'yes' })).toThrow(
      'duplicateListMetrics must be a boolean',
    );
  });

  it('validates the new rule members', () => {
    expect(() =>
      validateFaultConfig({ default: { nonAwsErrorRate: 1.5 } }),
    ).toThrow('default.nonAwsErrorRate is a share between 0 and 1');
    expect(() =>
      validateFaultConfig({
        operations: { DescribeEndpoint: { omitFields: 'CaptureStatus' } },
      }),
    ).toThrow('operations.DescribeEndpoint.omitFields must be a list');
    expect(() =>
      validateFaultConfig({
        operations: { DescribeEndpoint: { omitFields: ['a..b'] } },
      }),
    ).toThrow('omitFields');
  });

  it('omits a path in each item of a list', () => {
    const answer = {
      ProductionVariants: [
        { VariantName: 'a', CurrentWeight: 1 },
        { VariantName: 'b', CurrentWeight: 2 },
      ],
      EndpointName: 'x',
    };
    expect(
      omitFields(answer, ['ProductionVariants.CurrentWeight', 'Missing.Path']),
    ).toEqual({
      ProductionVariants: [{ VariantName: 'a' }, { VariantName: 'b' }],
      EndpointName: 'x',
    });
    expect(answer.ProductionVariants[0].CurrentWeight).toBe(1);
  });
});
