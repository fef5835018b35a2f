import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_REGION,
  ANNOTATION_ML_METRICS,
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
} from './annotations';
import { endpointPlacementKey, parseEndpointRef } from './endpointRef';
import { parseModelAnnotations } from './modelTarget';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'm', annotations },
    spec: {},
  };
}

const US = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-scoring';
const EU = 'arn:aws:sagemaker:eu-west-1:210987654321:endpoint/fraud-scoring';

describe('parseEndpointRef', () => {
  it('reads a plain name as served where the model is', () => {
    expect(parseEndpointRef('churn-prediction-prod')).toEqual({ ok: true });
  });

  it.each([
    [US, 'us-east-1', '123456789012'],
    [
      'arn:aws-cn:sagemaker:cn-north-1:123456789012:endpoint/churn',
      'cn-north-1',
      '123456789012',
    ],
    [
      'arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:endpoint/churn',
      'us-gov-west-1',
      '123456789012',
    ],
  ])('reads %s with its region and account', (arn, region, accountId) => {
    const result = parseEndpointRef(arn);
    expect(result.ok && result.arn).toMatchObject({ region, accountId });
  });

  it.each([
    ['arn:aws:sagemaker:us-east-1:123456789012', 'ARN', /has 5 .* has 6/],
    [
      'arn:aws-eu:sagemaker:eu-west-1:123456789012:endpoint/a',
      'partition',
      /"aws-eu"; expected aws, aws-cn or aws-us-gov/,
    ],
    [
      'arn:aws:s3:us-east-1:123456789012:endpoint/a',
      'service',
      /"s3"; expected sagemaker/,
    ],
    [
      'arn:aws:sagemaker:useast1:123456789012:endpoint/a',
      'region',
      /AWS region code/,
    ],
    [
      'arn:aws:sagemaker:cn-north-1:123456789012:endpoint/a',
      'region',
      /not in partition aws/,
    ],
    [
      'arn:aws:sagemaker:us-east-1:12345:endpoint/a',
      'account',
      /exactly 12 digits/,
    ],
    [
      'arn:aws:sagemaker:us-east-1:123456789012:model/a',
      'resource type',
      /"model"; expected endpoint\/<name>/,
    ],
    [
      'arn:aws:sagemaker:us-east-1:123456789012:endpoint/bad_name',
      'endpoint name',
      /letters, digits and hyphens/,
    ],
    [
      'arn:aws:sagemaker:us-east-1:123456789012:endpoint/',
      'endpoint name',
      /letters, digits and hyphens/,
    ],
  ])('names the wrong part of %s', (arn, part, problem) => {
    const result = parseEndpointRef(arn);
    expect(result).toMatchObject({ ok: false, part });
    expect(!result.ok && result.problem).toMatch(problem);
  });

  it('keys endpoints by account, region and name without regard to case', () => {
    expect(
      endpointPlacementKey({
        name: 'Fraud-Scoring',
        accountId: '1',
        region: 'us-east-1',
      }),
    ).toBe(
      endpointPlacementKey({
        name: 'fraud-scoring',
        accountId: '1',
        region: 'us-east-1',
      }),
    );
    expect(
      endpointPlacementKey({ name: 'a', accountId: '1', region: 'us-east-1' }),
    ).not.toBe(
      endpointPlacementKey({ name: 'a', accountId: '1', region: 'eu-west-1' }),
    );
  });
});

describe('parseModelAnnotations with endpoint ARNs', () => {
  it('places each endpoint in its own region and account, plain names in the model’s', () => {
    const result = parseModelAnnotations(
      entity({
        [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: `${US}, ${EU}, fraud-shadow`,
        [ANNOTATION_AWS_ACCOUNT_ID]: '123456789012',
        [ANNOTATION_AWS_REGION]: 'us-east-1',
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // One name, two places: the same endpoint name in two regions is two endpoints.
    expect(result.value.endpointNames).toEqual([
      'fraud-scoring',
      'fraud-shadow',
    ]);
    expect(result.value.endpoints).toEqual([
      {
        name: 'fraud-scoring',
        accountId: '123456789012',
        region: 'us-east-1',
        arn: US,
      },
      {
        name: 'fraud-scoring',
        accountId: '210987654321',
        region: 'eu-west-1',
        arn: EU,
      },
      { name: 'fraud-shadow', accountId: '123456789012', region: 'us-east-1' },
    ]);
  });

  it('keeps an endpoint once when written as a name and as its ARN', () => {
    const result = parseModelAnnotations(
      entity({
        [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: `Fraud-Scoring,${US}`,
        [ANNOTATION_AWS_ACCOUNT_ID]: '123456789012',
        [ANNOTATION_AWS_REGION]: 'us-east-1',
      }),
    );
    expect(result.ok && result.value.endpoints).toEqual([
      { name: 'Fraud-Scoring', accountId: '123456789012', region: 'us-east-1' },
    ]);
  });

  it('takes the home account and region from the first ARN when the model names neither', () => {
    const result = parseModelAnnotations(
      entity({
        [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: `${EU},${US}`,
        [ANNOTATION_ML_METRICS]: 'namespace=ML/Fraud,ModelName=fraud',
      }),
      { region: 'ap-south-1', accountId: '999999999999' },
    );
    expect(result.ok && result.value).toMatchObject({
      accountId: '210987654321',
      region: 'eu-west-1',
    });
    // One annotation of the home given: the other comes from the defaults, not from an ARN.
    const regionOnly = parseModelAnnotations(
      entity({
        [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: `fraud-shadow,${EU}`,
        [ANNOTATION_AWS_REGION]: 'us-east-1',
      }),
      { region: 'ap-south-1', accountId: '999999999999' },
    );
    expect(regionOnly.ok && regionOnly.value).toMatchObject({
      accountId: '999999999999',
      region: 'us-east-1',
    });
  });

  it('reports a malformed ARN with the part at fault and the accepted forms', () => {
    const bad = 'arn:aws:sagemaker:us-east-1:12345678901:endpoint/fraud';
    const result = parseModelAnnotations(
      entity({
        [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: `fraud-shadow,${bad}`,
        [ANNOTATION_AWS_REGION]: 'us-east-1',
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({
        annotation: ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
        code: 'invalid',
        value: bad,
        message: expect.stringMatching(
          /sagemaker-endpoint-name has an invalid account: the account of .* is "12345678901"; expected exactly 12 digits/,
        ),
        allowed: expect.stringMatching(
          /an endpoint name .* or an endpoint ARN arn:<partition>:sagemaker:<region>:<account-id>:endpoint\/<name>/,
        ),
      }),
    ]);
  });
});
