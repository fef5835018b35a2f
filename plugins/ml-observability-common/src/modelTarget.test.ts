import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_REGION,
  ANNOTATION_ML_METRICS,
  ANNOTATION_ML_RUNBOOK,
  ANNOTATION_ML_TIME_ZONE,
  ANNOTATION_OPSGENIE_TEAM,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
  isMlModelEntity,
} from './annotations';
import { parseModelAnnotations } from './modelTarget';

function entity(
  annotations: Record<string, unknown>,
  spec: object = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'm', annotations: annotations as Record<string, string> },
    spec,
  };
}

const base = {
  [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'churn-prediction-prod',
  [ANNOTATION_AWS_ACCOUNT_ID]: '123456789012',
  [ANNOTATION_AWS_REGION]: 'us-east-1',
};

describe('parseModelAnnotations', () => {
  it('resolves a full set of annotations', () => {
    const result = parseModelAnnotations(
      entity({
        ...base,
        [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]:
          'search-ranking-prod, search-ranking-shadow,search-ranking-prod',
        [ANNOTATION_ML_METRICS]:
          'namespace=ML/ModelPerformance,ModelName=fraud-detection-v2,metrics=Accuracy|Precision,period=60',
        [ANNOTATION_ML_RUNBOOK]: './runbooks/search-ranking.yaml',
        [ANNOTATION_ML_TIME_ZONE]: 'america/los_angeles',
        [ANNOTATION_PAGERDUTY_SERVICE_ID]: 'PFRAUD2',
        [ANNOTATION_OPSGENIE_TEAM]: 'personalization',
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        endpointNames: ['search-ranking-prod', 'search-ranking-shadow'],
        endpoints: [
          {
            name: 'search-ranking-prod',
            accountId: '123456789012',
            region: 'us-east-1',
          },
          {
            name: 'search-ranking-shadow',
            accountId: '123456789012',
            region: 'us-east-1',
          },
        ],
        accountId: '123456789012',
        region: 'us-east-1',
        metricSources: [
          {
            namespace: 'ML/ModelPerformance',
            dimensions: [{ name: 'ModelName', value: 'fraud-detection-v2' }],
            metricNames: ['Accuracy', 'Precision'],
            periodSeconds: 60,
          },
        ],
        runbook: { type: 'path', target: './runbooks/search-ranking.yaml' },
        timeZone: 'America/Los_Angeles',
        onCall: [
          { provider: 'pagerduty', id: 'PFRAUD2' },
          { provider: 'opsgenie', id: 'personalization' },
        ],
      },
    });
  });

  it('fills account, region and time zone from defaults', () => {
    const result = parseModelAnnotations(
      entity({ [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'a' }),
      {
        accountId: '210987654321',
        region: 'eu-west-1',
        timeZone: 'Europe/Dublin',
      },
    );
    expect(result.ok && result.value).toMatchObject({
      accountId: '210987654321',
      region: 'eu-west-1',
      timeZone: 'Europe/Dublin',
    });
  });

  it('leaves the account to the backend default when neither annotation nor default gives one', () => {
    const result = parseModelAnnotations(
      entity({ [ANNOTATION_ML_METRICS]: 'namespace=A,X=y' }),
      {
        region: 'us-east-1',
      },
    );
    expect(result.ok && result.value.accountId).toBeUndefined();
  });

  it.each<
    [string, Record<string, unknown>, string, string | undefined, RegExp]
  >([
    [
      'endpoint with underscore',
      { [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'churn_prod' },
      ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
      'churn_prod',
      /letters, digits and hyphens/,
    ],
    [
      'endpoint ending in hyphen',
      { [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'churn-' },
      ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
      'churn-',
      /1–63 characters/,
    ],
    [
      'endpoint of 64 characters',
      { [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'a'.repeat(64) },
      ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
      'a'.repeat(64),
      /1–63 characters/,
    ],
    [
      'empty endpoint in list',
      { [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'a,,b' },
      ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
      '',
      /no empty entries/,
    ],
    [
      '11-digit account',
      { [ANNOTATION_AWS_ACCOUNT_ID]: '12345678901' },
      ANNOTATION_AWS_ACCOUNT_ID,
      '12345678901',
      /exactly 12 digits/,
    ],
    [
      'account with letters',
      { [ANNOTATION_AWS_ACCOUNT_ID]: '12345678901a' },
      ANNOTATION_AWS_ACCOUNT_ID,
      '12345678901a',
      /exactly 12 digits/,
    ],
    [
      'upper-case region',
      { [ANNOTATION_AWS_REGION]: 'US-EAST-1' },
      ANNOTATION_AWS_REGION,
      'US-EAST-1',
      /us-east-1, eu-west-1/,
    ],
    [
      'region without number',
      { [ANNOTATION_AWS_REGION]: 'us-east' },
      ANNOTATION_AWS_REGION,
      'us-east',
      /AWS region code/,
    ],
    [
      'unknown time zone',
      { [ANNOTATION_ML_TIME_ZONE]: 'Mars/Olympus_Mons' },
      ANNOTATION_ML_TIME_ZONE,
      'Mars/Olympus_Mons',
      /IANA time zone/,
    ],
    [
      'metrics without namespace',
      { [ANNOTATION_ML_METRICS]: 'ModelName=x' },
      ANNOTATION_ML_METRICS,
      'ModelName=x',
      /namespace=<CloudWatch namespace> \(required\)/,
    ],
    [
      'metrics with bad namespace',
      { [ANNOTATION_ML_METRICS]: 'namespace=ML$Perf,ModelName=x' },
      ANNOTATION_ML_METRICS,
      'ML$Perf',
      /CloudWatch namespace/,
    ],
    [
      'metrics with empty dimension value',
      { [ANNOTATION_ML_METRICS]: 'namespace=ML,ModelName=' },
      ANNOTATION_ML_METRICS,
      '',
      /non-empty dimension value/,
    ],
    [
      'metrics with bad period',
      { [ANNOTATION_ML_METRICS]: 'namespace=ML,ModelName=x,period=90' },
      ANNOTATION_ML_METRICS,
      '90',
      /multiple of 60/,
    ],
    [
      'metrics with empty metric name',
      {
        [ANNOTATION_ML_METRICS]:
          'namespace=ML,ModelName=x,metrics=Accuracy||F1',
      },
      ANNOTATION_ML_METRICS,
      'Accuracy||F1',
      /separated by "\|"/,
    ],
    [
      'runbook absolute path',
      { [ANNOTATION_ML_RUNBOOK]: '/etc/runbook.yaml' },
      ANNOTATION_ML_RUNBOOK,
      '/etc/runbook.yaml',
      /relative to the catalog file/,
    ],
    [
      'runbook ftp url',
      { [ANNOTATION_ML_RUNBOOK]: 'url:ftp://example.com/r.yaml' },
      ANNOTATION_ML_RUNBOOK,
      'url:ftp://example.com/r.yaml',
      /http or https/,
    ],
    [
      'pagerduty id with spaces',
      { [ANNOTATION_PAGERDUTY_SERVICE_ID]: 'P 123' },
      ANNOTATION_PAGERDUTY_SERVICE_ID,
      'P 123',
      /letters and digits/,
    ],
    [
      'blank opsgenie team',
      { [ANNOTATION_OPSGENIE_TEAM]: '  ' },
      ANNOTATION_OPSGENIE_TEAM,
      '  ',
      /Opsgenie team name/,
    ],
  ])(
    '%s: names the annotation, the value and what is allowed',
    (_, bad, annotation, value, allowed) => {
      const result = parseModelAnnotations(entity({ ...base, ...bad }));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const error = result.errors.find(e => e.annotation === annotation);
      expect(error).toBeDefined();
      expect(error!.code).toBe('invalid');
      expect(error!.value).toBe(value);
      expect(error!.allowed).toMatch(allowed);
      expect(error!.message).toContain(annotation);
    },
  );

  it('says which default is wrong when a config default is invalid', () => {
    const result = parseModelAnnotations(
      entity({ [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'a' }),
      {
        region: 'nowhere',
      },
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0].message).toMatch(
      /"nowhere" \(config default\)/,
    );
  });

  it('reports a model with nothing to observe as missing, not invalid', () => {
    const result = parseModelAnnotations(entity({}, { type: 'ml-model' }), {
      region: 'us-east-1',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          annotation: ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
          code: 'missing',
        }),
      ],
    });
  });

  it('reports a missing region when no default exists', () => {
    const result = parseModelAnnotations(
      entity({ [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'a' }),
    );
    expect(!result.ok && result.errors).toEqual([
      expect.objectContaining({
        annotation: ANNOTATION_AWS_REGION,
        code: 'missing',
      }),
    ]);
  });

  it('collects every error at once', () => {
    const result = parseModelAnnotations(
      entity({
        [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'bad_name',
        [ANNOTATION_AWS_ACCOUNT_ID]: '1',
        [ANNOTATION_AWS_REGION]: 'x',
      }),
    );
    expect(!result.ok && result.errors.map(e => e.annotation)).toEqual([
      ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
      ANNOTATION_AWS_ACCOUNT_ID,
      ANNOTATION_AWS_REGION,
    ]);
  });

  it('reads unquoted numbers in annotations as text', () => {
    const result = parseModelAnnotations(
      entity({ ...base, [ANNOTATION_AWS_ACCOUNT_ID]: 123456789012 }),
    );
    expect(result.ok && result.value.accountId).toBe('123456789012');
  });

  it.each([
    ['null', null],
    ['a string', 'nope'],
    ['no metadata', { kind: 'Component' }],
    ['annotations as an array', { metadata: { annotations: ['x'] } }],
  ])('never throws on %s', (_, input) => {
    expect(() =>
      parseModelAnnotations(input as unknown as Entity),
    ).not.toThrow();
    expect(parseModelAnnotations(input as unknown as Entity).ok).toBe(false);
    expect(() => isMlModelEntity(input as unknown as Entity)).not.toThrow();
  });

  it('accepts every example model', () => {
    const text = fs.readFileSync(
      path.resolve(__dirname, '../../../examples/entities.yaml'),
      'utf8',
    );
    const models = parseAllDocuments(text)
      .map(d => d.toJS() as Entity)
      .filter(isMlModelEntity);
    expect(models.length).toBeGreaterThanOrEqual(8);
    for (const model of models) {
      const result = parseModelAnnotations(model);
      expect({ name: model.metadata.name, result }).toEqual({
        name: model.metadata.name,
        result: expect.objectContaining({ ok: true }),
      });
    }
  });
});
