/**
 * The emulator's `scale` fleet as the catalog and the collectors see it:
 * `scale-model-00001` ... with endpoint `<model>-endpoint`, owned by one of a
 * few teams, with the `Accuracy` custom metric the scenario publishes.
 */
import type { Entity } from '@backstage/catalog-model';
import { DEFAULT_ACCOUNT, DEFAULT_REGION } from '@mlobs/aws-ml-emulator';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_REGION,
  ANNOTATION_ML_METRICS,
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
  CustomMetricSource,
  formatMetricsAnnotation,
  ML_MODEL_ENTITY_TYPE,
} from '@mlobs/backstage-plugin-ml-observability-common';

export const ACCOUNT = DEFAULT_ACCOUNT;
export const REGION = DEFAULT_REGION;
export const TEAMS = 20;
const MEMBERS_PER_TEAM = 4;
/** The scale scenario publishes its custom metric every 15 minutes. */
export const CUSTOM_PERIOD_SECONDS = 900;
const LOCATION = 'url:https://catalog.bench.invalid/fleet/catalog-info.yaml';

export const modelName = (i: number) =>
  `scale-model-${String(i).padStart(5, '0')}`;
export const endpointOf = (model: string) => `${model}-endpoint`;
export const modelRef = (model: string) => `component:default/${model}`;
export const teamOf = (i: number) =>
  `team-${String(i % TEAMS).padStart(2, '0')}`;

export function customSource(model: string): CustomMetricSource {
  return {
    namespace: 'ML/ModelPerformance',
    dimensions: [{ name: 'ModelName', value: model }],
    metricNames: ['Accuracy'],
    periodSeconds: CUSTOM_PERIOD_SECONDS,
  };
}

const located = (annotations: Record<string, string> = {}) => ({
  'backstage.io/managed-by-location': LOCATION,
  'backstage.io/managed-by-origin-location': LOCATION,
  ...annotations,
});

export function modelEntity(i: number): Entity {
  const name = modelName(i);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: `Scale model ${i}`,
      annotations: located({
        [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: endpointOf(name),
        [ANNOTATION_AWS_ACCOUNT_ID]: ACCOUNT,
        [ANNOTATION_AWS_REGION]: REGION,
        [ANNOTATION_ML_METRICS]: formatMetricsAnnotation([customSource(name)]),
      }),
    },
    spec: {
      type: ML_MODEL_ENTITY_TYPE,
      lifecycle: 'production',
      owner: `group:default/${teamOf(i)}`,
    },
  };
}

export function modelEntities(models: number): Entity[] {
  return Array.from({ length: models }, (_, i) => modelEntity(i + 1));
}

/** The teams owning the models and their members, so reports have an ownership card. */
export function orgEntities(): Entity[] {
  const out: Entity[] = [];
  for (let t = 0; t < TEAMS; t++) {
    const team = teamOf(t);
    const members = Array.from(
      { length: MEMBERS_PER_TEAM },
      (_, m) => `${team}-member-${m + 1}`,
    );
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team, namespace: 'default', annotations: located() },
      spec: { type: 'team', children: [], members },
    });
    for (const member of members) {
      out.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: {
          name: member,
          namespace: 'default',
          annotations: located(),
        },
        spec: {
          profile: { displayName: member, email: `${member}@example.com` },
          memberOf: [team],
        },
      });
    }
  }
  return out;
}
