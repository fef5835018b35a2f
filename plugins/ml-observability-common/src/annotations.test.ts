import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ML_METRICS,
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
  isMlModelEntity,
  ML_MODEL_ENTITY_TYPE,
} from './annotations';

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

describe('isMlModelEntity', () => {
  it.each([
    [
      'endpoint annotation',
      entity({ [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'x' }),
      true,
    ],
    [
      'metrics annotation',
      entity({ [ANNOTATION_ML_METRICS]: 'namespace=A' }),
      true,
    ],
    ['spec.type ml-model', entity({}, { type: 'ml-model' }), true],
    ['a service', entity({}, { type: 'service' }), false],
    [
      'blank endpoint annotation',
      entity({ [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: ' ' }),
      false,
    ],
    [
      'the onboarding template (spec.type ml-model)',
      { ...entity({}, { type: 'ml-model' }), kind: 'Template' },
      false,
    ],
    [
      'a resource naming an endpoint',
      {
        ...entity({ [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: 'x' }),
        kind: 'Resource',
      },
      true,
    ],
    [
      'no metadata annotations',
      { apiVersion: 'v1', kind: 'Group', metadata: { name: 'g' } } as Entity,
      false,
    ],
  ])('%s', (_, e, expected) => {
    expect(isMlModelEntity(e)).toBe(expected);
  });
});

describe('annotation names', () => {
  it('are the names the README documents', () => {
    expect(ANNOTATION_SAGEMAKER_ENDPOINT_NAME).toBe(
      'aws.amazon.com/sagemaker-endpoint-name',
    );
    expect(ANNOTATION_ML_METRICS).toBe('ml-observability/metrics');
    expect(ML_MODEL_ENTITY_TYPE).toBe('ml-model');
  });
});
