/**
 * Malformed model entities and runbooks, as a careless or hostile catalog
 * author would write them. Runbooks are served by a local server the suite
 * controls; entities point at it as their catalog location.
 */
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_REGION,
  ANNOTATION_ML_METRICS,
  ANNOTATION_ML_RUNBOOK,
  ANNOTATION_ML_TIME_ZONE,
  ANNOTATION_PAGERDUTY_SERVICE_ID,
  ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
  ML_MODEL_ENTITY_TYPE,
} from '@mlobs/backstage-plugin-ml-observability-common';

export const VALID_RUNBOOK = `model_name: bad-input
owner: ml-platform-team
monitoring_config:
  data_quality:
    frequency: every 2 hours
    alert_threshold: 0.3
    escalation_path: [ml-engineer, team-lead]
  model_performance:
    metrics: [accuracy]
    business_hours_threshold: 92.0
    off_hours_threshold: 88.0
incident_response:
  severity_1:
    condition: Model accuracy < 85%
    immediate_action: Switch to fallback model
    notification: Page on-call engineer
    timeline: Resolve within 1 hour
`;

const aliasBomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({ length: 8 }, (_, i) => {
    const name = String.fromCharCode(98 + i);
    const prev = String.fromCharCode(97 + i);
    return `${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
  }),
  'monitoring_config: *i',
].join('\n');

/** Runbook files by path under the catalog directory; `status` entries answer with that HTTP status. */
export const RUNBOOK_FILES: Record<
  string,
  string | { status: number; delayMs?: number; body?: string }
> = {
  'runbooks/valid.yaml': VALID_RUNBOOK,
  'runbooks/broken-yaml.yaml':
    'model_name: x\nmonitoring_config: [unclosed\n  - : :',
  'runbooks/wrong-types.yaml': VALID_RUNBOOK.replace(
    'alert_threshold: 0.3',
    'alert_threshold: "high"',
  )
    .replace('escalation_path: [ml-engineer, team-lead]', 'escalation_path: 42')
    .replace(
      'business_hours_threshold: 92.0',
      'business_hours_threshold: [1, 2]',
    ),
  'runbooks/out-of-range.yaml': VALID_RUNBOOK.replace(
    'alert_threshold: 0.3',
    'alert_threshold: 30',
  ).replace('business_hours_threshold: 92.0', 'business_hours_threshold: -5'),
  'runbooks/alias-bomb.yaml': aliasBomb,
  'runbooks/huge.yaml': `model_name: huge\nnotes: "${'x'.repeat(
    3 * 1024 * 1024,
  )}"\n`,
  'runbooks/binary.yaml': '\u0000\u0001\u0002\uFFFD\u0000PK\u0003\u0004',
  'runbooks/empty.yaml': '',
  'runbooks/list.yaml': '- just\n- a\n- list\n',
  'runbooks/html.yaml': '<!doctype html><html><body>Sign in</body></html>',
  'runbooks/server-error.yaml': {
    status: 500,
    body: 'upstream exploded at /srv/app/server.js:12:7',
  },
  'runbooks/forbidden.yaml': { status: 403, body: 'Forbidden' },
  'runbooks/slow.yaml': { status: 200, delayMs: 5000, body: VALID_RUNBOOK },
};

export interface BadModel {
  name: string;
  /** What is wrong, for the report. */
  problem: string;
  annotations: Record<string, string>;
  spec?: JsonObject;
}

/** One problem per model, everything else valid. */
export function badModels(): BadModel[] {
  const endpoint = (name: string) => ({
    [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: `${name}-endpoint`,
  });
  const models: BadModel[] = [];
  const add = (
    problem: string,
    annotations: Record<string, string>,
    spec?: JsonObject,
  ) => {
    const name = `bad-input-${String(models.length + 1).padStart(2, '0')}`;
    models.push({
      name,
      problem,
      annotations: { ...endpoint(name), ...annotations },
      ...(spec ? { spec } : {}),
    });
  };
  for (const value of [
    'Bad_Endpoint!',
    '-leading-hyphen',
    'x'.repeat(64),
    ',,',
    ' ',
    'модель',
    '../../etc',
    'a,b,,c',
    // Endpoint ARNs wrong in one part each: account, partition of the region, resource type.
    'arn:aws:sagemaker:eu-west-1:12345:endpoint/x',
    'arn:aws-cn:sagemaker:eu-west-1:123456789012:endpoint/x',
    'arn:aws:sagemaker:eu-west-1:123456789012:model/x',
  ]) {
    add(
      `endpoint name ${JSON.stringify(
        value.startsWith('arn:') ? value : value.slice(0, 20),
      )}`,
      { [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: value },
    );
  }
  for (const value of ['12345', 'abcdefghijkl', '1234567890123', '']) {
    add(`account id ${JSON.stringify(value)}`, {
      [ANNOTATION_AWS_ACCOUNT_ID]: value,
    });
  }
  for (const value of ['mars-north-1', 'US-EAST-1', 'us-east-1 ', '']) {
    add(`region ${JSON.stringify(value)}`, { [ANNOTATION_AWS_REGION]: value });
  }
  for (const value of [
    'garbage',
    'namespace=',
    'namespace=ML/X,period=-5',
    'namespace=ML/X,ModelName=a,period=abc',
    ';;;',
    `namespace=${'N'.repeat(1000)},ModelName=a`,
    'namespace=ML/X,ModelName=a,metrics=',
    'namespace=ML/X,=value',
  ]) {
    add(`metrics ${JSON.stringify(value.slice(0, 30))}`, {
      [ANNOTATION_ML_METRICS]: value,
    });
  }
  for (const value of ['Mars/Olympus_Mons', 'UTC+25', '']) {
    add(`time zone ${JSON.stringify(value)}`, {
      [ANNOTATION_ML_TIME_ZONE]: value,
    });
  }
  for (const value of ['<script>alert(1)</script>', 'a b']) {
    add(`pagerduty ${JSON.stringify(value)}`, {
      [ANNOTATION_PAGERDUTY_SERVICE_ID]: value,
    });
  }
  for (const file of Object.keys(RUNBOOK_FILES).filter(
    f => f !== 'runbooks/valid.yaml',
  )) {
    add(`runbook ${file}`, { [ANNOTATION_ML_RUNBOOK]: `./${file}` });
  }
  for (const value of [
    './runbooks/missing.yaml',
    '../../../../etc/passwd',
    'url:http://127.0.0.2:9/runbook.yaml',
    'url:file:///etc/passwd',
    'url:ftp://127.0.0.1/runbook.yaml',
    'url:not a url',
    '',
  ]) {
    add(`runbook annotation ${JSON.stringify(value)}`, {
      [ANNOTATION_ML_RUNBOOK]: value,
    });
  }
  add('a model with neither endpoint nor metrics', {
    [ANNOTATION_SAGEMAKER_ENDPOINT_NAME]: '',
  });
  add(
    'spec.owner missing',
    {},
    { type: ML_MODEL_ENTITY_TYPE, lifecycle: 'production' },
  );
  add(
    'spec.lifecycle a number',
    {},
    {
      type: ML_MODEL_ENTITY_TYPE,
      lifecycle: 42,
      owner: 'group:default/team-00',
    },
  );
  return models;
}

export function badEntity(model: BadModel, location: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: model.name,
      namespace: 'default',
      description: model.problem,
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        [ANNOTATION_ML_RUNBOOK]: './runbooks/valid.yaml',
        ...model.annotations,
      },
    },
    spec: model.spec ?? {
      type: ML_MODEL_ENTITY_TYPE,
      lifecycle: 'production',
      owner: 'group:default/team-00',
    },
  };
}
