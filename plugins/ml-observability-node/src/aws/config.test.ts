import { ConfigReader } from '@backstage/config';
import {
  findAwsEndpoint,
  readAwsEndpointOverrides,
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
});
