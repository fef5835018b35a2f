import { ConfigReader } from '@backstage/config';
import { parseModelAnnotations } from '@mlobs/backstage-plugin-ml-observability-common';
import {
  findAwsEndpoint,
  readAwsEndpointOverrides,
  readAwsLimits,
  readAwsSettings,
  readModelAnnotationDefaults,
} from './config';

describe('AWS config', () => {
  it('picks the first override matching account and region', () => {
    const overrides = readAwsEndpointOverrides(
      new ConfigReader({
        mlObservability: {
          endpoints: [
            {
              accountId: '210987654321',
              region: 'eu-west-1',
              sagemaker: 'http://eu:1',
            },
            { sagemaker: 'http://any:2', cloudwatch: 'http://any:3' },
          ],
        },
      }),
    );
    expect(
      findAwsEndpoint(overrides, 'sagemaker', {
        accountId: '210987654321',
        region: 'eu-west-1',
      }),
    ).toBe('http://eu:1');
    expect(
      findAwsEndpoint(overrides, 'cloudwatch', {
        accountId: '210987654321',
        region: 'eu-west-1',
      }),
    ).toBe('http://any:3');
    expect(
      findAwsEndpoint(overrides, 'sagemaker', { region: 'us-east-1' }),
    ).toBe('http://any:2');
    expect(
      findAwsEndpoint([], 'sagemaker', { region: 'us-east-1' }),
    ).toBeUndefined();
  });

  it('names the key of a malformed override', () => {
    expect(() =>
      readAwsEndpointOverrides(
        new ConfigReader({
          mlObservability: {
            endpoints: [{ accountId: '12', sagemaker: 'http://x' }],
          },
        }),
      ),
    ).toThrow(
      'mlObservability.endpoints[0].accountId "12": expected exactly 12 digits',
    );
    expect(() =>
      readAwsEndpointOverrides(
        new ConfigReader({
          mlObservability: { endpoints: [{ cloudwatch: 'localhost:4566' }] },
        }),
      ),
    ).toThrow('mlObservability.endpoints[0].cloudwatch "localhost:4566"');
  });

  it('defaults the region to us-east-1', () => {
    expect(readModelAnnotationDefaults(new ConfigReader({}))).toEqual({
      region: 'us-east-1',
    });
    expect(
      readModelAnnotationDefaults(
        new ConfigReader({
          mlObservability: {
            defaults: {
              accountId: '123456789012',
              region: 'eu-west-1',
              timeZone: 'UTC',
            },
          },
        }),
      ),
    ).toEqual({
      accountId: '123456789012',
      region: 'eu-west-1',
      timeZone: 'UTC',
    });
  });

  it('resolves an entity to one account and region: annotation, mlObservability.defaults, aws.mainAccount, first of aws.accounts', () => {
    const model = (annotations: Record<string, string>) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'churn',
        annotations: {
          'aws.amazon.com/sagemaker-endpoint-name': 'churn-prod',
          ...annotations,
        },
      },
    });
    const resolve = (
      data: object,
      annotations: Record<string, string> = {},
    ) => {
      const parsed = parseModelAnnotations(
        model(annotations),
        readModelAnnotationDefaults(new ConfigReader(data)),
      );
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return { accountId: parsed.value.accountId, region: parsed.value.region };
    };
    const accounts = [
      { accountId: '111111111111' },
      { accountId: '222222222222' },
    ];

    expect(resolve({})).toEqual({ accountId: undefined, region: 'us-east-1' });
    expect(resolve({ aws: { accounts } })).toEqual({
      accountId: '111111111111',
      region: 'us-east-1',
    });
    expect(
      resolve({
        aws: { mainAccount: { accountId: '333333333333' }, accounts },
      }).accountId,
    ).toBe('333333333333');
    const configured = {
      aws: { mainAccount: { accountId: '333333333333' }, accounts },
      mlObservability: {
        defaults: { accountId: '444444444444', region: 'eu-west-1' },
      },
    };
    expect(resolve(configured)).toEqual({
      accountId: '444444444444',
      region: 'eu-west-1',
    });
    expect(
      resolve(configured, {
        'aws.amazon.com/account-id': '555555555555',
        'aws.amazon.com/region': 'ap-south-1',
      }),
    ).toEqual({ accountId: '555555555555', region: 'ap-south-1' });
  });

  it('fails at startup on a malformed default or limit, naming the key', () => {
    expect(() =>
      readAwsSettings(
        new ConfigReader({
          mlObservability: { defaults: { accountId: '12' } },
        }),
      ),
    ).toThrow(
      'Invalid configuration mlObservability.defaults.accountId: "12": exactly 12 digits',
    );
    expect(() =>
      readAwsSettings(
        new ConfigReader({ aws: { accounts: [{ accountId: 'abc' }] } }),
      ),
    ).toThrow('mlObservability.defaults.accountId: "abc"');
    expect(() =>
      readAwsSettings(
        new ConfigReader({
          mlObservability: { defaults: { region: 'Mars' } },
        }),
      ),
    ).toThrow('Invalid configuration mlObservability.defaults.region: "Mars"');
    expect(() =>
      readAwsLimits(
        new ConfigReader({ mlObservability: { aws: { maxAttempts: 0 } } }),
      ),
    ).toThrow(
      'mlObservability.aws.maxAttempts must be a positive integer, got 0',
    );
  });

  it('reads limits with defaults', () => {
    expect(readAwsLimits(new ConfigReader({}))).toEqual({
      maxAttempts: 4,
      requestTimeoutMs: 10_000,
      concurrency: 4,
    });
    expect(
      readAwsLimits(
        new ConfigReader({
          mlObservability: { aws: { requestTimeoutMs: 500, concurrency: 2 } },
        }),
      ),
    ).toEqual({ maxAttempts: 4, requestTimeoutMs: 500, concurrency: 2 });
  });
});
