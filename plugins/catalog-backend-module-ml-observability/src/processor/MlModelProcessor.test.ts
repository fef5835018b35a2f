import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonValue } from '@backstage/types';
import type {
  CatalogProcessorCache,
  CatalogProcessorResult,
} from '@backstage/plugin-catalog-node';
import { exampleRunbookYaml } from '@mlobs/backstage-plugin-ml-observability-node/testUtils';
import { parseDocument } from 'yaml';
import { MlModelProcessor } from './MlModelProcessor';

const EXAMPLES = resolve(__dirname, '../../../../examples');

class MemoryCache implements CatalogProcessorCache {
  readonly values = new Map<string, JsonValue>();
  async get<T extends JsonValue>(key: string) {
    return this.values.get(key) as T | undefined;
  }
  async set<T extends JsonValue>(key: string, value: T) {
    this.values.set(key, value);
  }
}

const VALID_RUNBOOK = exampleRunbookYaml('fraud-detection-v2');

describe('MlModelProcessor', () => {
  let dir: string;
  let catalogFile: string;
  const processor = new MlModelProcessor({
    urlReader: mockServices.urlReader.mock(),
    logger: mockServices.logger.mock(),
    defaults: { region: 'us-east-1' },
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlobs-processor-'));
    catalogFile = join(dir, 'catalog-info.yaml');
    await mkdir(join(dir, 'runbooks'));
    await writeFile(join(dir, 'runbooks', 'valid.yaml'), VALID_RUNBOOK);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function model(
    annotations: Record<string, string>,
    spec: Record<string, unknown> = {},
  ): Entity {
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'fraud-detection-v2',
        annotations: {
          'backstage.io/managed-by-location': `file:${catalogFile}`,
          'aws.amazon.com/sagemaker-endpoint-name': 'fraud-v2-prod',
          'aws.amazon.com/account-id': '123456789012',
          'aws.amazon.com/region': 'us-east-1',
          ...annotations,
        },
      },
      spec: {
        type: 'ml-model',
        lifecycle: 'production',
        owner: 'ml-platform-team',
        ...spec,
      },
    };
  }

  async function run(entity: Entity, cache = new MemoryCache()) {
    const emitted: CatalogProcessorResult[] = [];
    const before = JSON.parse(JSON.stringify(entity));
    const result = await processor.postProcessEntity(
      entity,
      { type: 'file', target: catalogFile },
      r => emitted.push(r),
      cache,
    );
    expect(result).toEqual(before);
    return emitted.map(r => {
      if (r.type !== 'error') throw new Error(`unexpected ${r.type} result`);
      return { name: r.error.name, message: r.error.message };
    });
  }

  it('leaves a valid model untouched and emits nothing', async () => {
    await expect(
      run(model({ 'ml-observability/runbook': './runbooks/valid.yaml' })),
    ).resolves.toEqual([]);
  });

  it.each([
    'namespace=ML/Drift,ModelName=x,drift=dimension:Feature,driftMetric=drift_score,maxFeatures=100',
    'namespace=ML/Drift,ModelName=x,drift=pattern:feature_drift_',
    'namespace=ML/Drift,ModelName=x,drift=pattern:feature_baseline_drift_,maxFeatures=20',
  ])('accepts the custom drift contract %s', async metrics => {
    await expect(
      run(model({ 'ml-observability/metrics': metrics })),
    ).resolves.toEqual([]);
  });

  it('does not take an ml-model Template for a model', async () => {
    const template: Entity = {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'onboard-monitored-model' },
      spec: { type: 'ml-model', owner: 'ml-platform-team', steps: [] },
    };
    expect(MlModelProcessor.applies(template)).toBe(false);
    await expect(run(template)).resolves.toEqual([]);
  });

  it('ignores entities that are not models', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'web',
        annotations: { 'aws.amazon.com/account-id': 'not-ours-to-check' },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'web-team' },
    };
    await expect(run(entity)).resolves.toEqual([]);
  });

  it.each([
    [
      'aws.amazon.com/sagemaker-endpoint-name',
      'fraud_v2',
      'letters, digits and hyphens',
    ],
    ['aws.amazon.com/sagemaker-endpoint-name', 'a,,b', 'no empty entries'],
    [
      'aws.amazon.com/sagemaker-endpoint-name',
      `-starts-with-hyphen`,
      'starting and ending with a letter or digit',
    ],
    ['aws.amazon.com/account-id', '12345', 'exactly 12 digits'],
    [
      'aws.amazon.com/region',
      'US-EAST-1',
      'an AWS region code such as us-east-1',
    ],
    ['ml-observability/time-zone', 'Mars/Olympus', 'an IANA time zone'],
    ['ml-observability/metrics', 'ModelName=x', 'namespace='],
    [
      'ml-observability/metrics',
      'namespace=ML/Drift,ModelName=x,drift=feature:Feature',
      'drift=dimension:<feature dimension name>',
    ],
    [
      'ml-observability/metrics',
      'namespace=ML/Drift,ModelName=x,drift=pattern:',
      'drift=pattern:<metric name prefix>',
    ],
    [
      'ml-observability/metrics',
      'namespace=ML/Drift,ModelName=x,drift=pattern:f_,driftMetric=psi',
      'driftMetric=<metric name>, only with drift=dimension:<name>',
    ],
    [
      'ml-observability/metrics',
      'namespace=ML/Drift,ModelName=x,drift=dimension:Feature,maxFeatures=0',
      'maxFeatures=<whole number from 1 to 10000>',
    ],
    ['ml-observability/runbook', '/etc/runbook.yaml', 'relative'],
    ['ml-observability/runbook', 'url:ftp://x/r.yaml', 'http or https'],
    ['pagerduty.com/service-id', 'not a pd id!', 'PagerDuty service id'],
  ])(
    'reports a bad %s (%s) as an input error naming the entity, field and what is allowed',
    async (annotation, value, allowed) => {
      const errors = await run(model({ [annotation]: value }));
      expect(errors.length).toBeGreaterThanOrEqual(1);
      for (const error of errors) {
        expect(error.name).toBe('InputError');
        expect(error.message).toMatch(
          /^component:default\/fraud-detection-v2: /,
        );
        expect(error.message).toContain(annotation);
      }
      expect(errors.map(e => e.message).join('\n')).toContain(allowed);
    },
  );

  it('accepts endpoint ARNs of other regions, accounts and partitions next to plain names', async () => {
    await expect(
      run(
        model({
          'aws.amazon.com/sagemaker-endpoint-name': [
            'fraud-v2-prod',
            'arn:aws:sagemaker:eu-west-1:210987654321:endpoint/fraud-v2-prod',
            'arn:aws-cn:sagemaker:cn-north-1:123456789012:endpoint/fraud-v2-prod',
            'arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:endpoint/fraud-v2-prod',
          ].join(','),
        }),
      ),
    ).resolves.toEqual([]);
  });

  it.each([
    [
      'arn:aws:sagemaker:eu-west-1:21098765432:endpoint/fraud-v2-prod',
      /has an invalid account: the account of ".*" is "21098765432"; expected exactly 12 digits/,
    ],
    [
      'arn:aws:sagemaker:eu-west:210987654321:endpoint/fraud-v2-prod',
      /has an invalid region: the region of ".*" is "eu-west"; expected an AWS region code/,
    ],
    [
      'arn:aws-cn:sagemaker:eu-west-1:210987654321:endpoint/fraud-v2-prod',
      /has an invalid region: .* "eu-west-1", which is not in partition aws-cn/,
    ],
    [
      'arn:aws:sagemaker:eu-west-1:210987654321:model/fraud-v2-prod',
      /has an invalid resource type: .* "model"; expected endpoint\/<name>/,
    ],
    [
      'arn:aws:lambda:eu-west-1:210987654321:endpoint/fraud-v2-prod',
      /has an invalid service: .* "lambda"; expected sagemaker/,
    ],
    [
      'arn:aws:sagemaker:eu-west-1:210987654321:endpoint/fraud_v2',
      /has an invalid endpoint name: .* "fraud_v2"; expected letters, digits and hyphens/,
    ],
  ])(
    'reports the malformed ARN %s naming the part and the accepted forms',
    async (arn, problem) => {
      const errors = await run(
        model({
          'aws.amazon.com/sagemaker-endpoint-name': `fraud-v2-prod,${arn}`,
        }),
      );
      expect(errors).toEqual([
        {
          name: 'InputError',
          message: expect.stringMatching(problem),
        },
      ]);
      expect(errors[0].message).toMatch(
        /^component:default\/fraud-detection-v2: aws\.amazon\.com\/sagemaker-endpoint-name has an invalid/,
      );
      expect(errors[0].message).toContain(
        'expected an endpoint name (letters, digits and hyphens, 1–63 characters) or an endpoint ARN arn:<partition>:sagemaker:<region>:<account-id>:endpoint/<name> with partition aws, aws-cn or aws-us-gov',
      );
    },
  );

  it('reports an ml-model with nothing to observe', async () => {
    const entity = model({});
    delete entity.metadata.annotations![
      'aws.amazon.com/sagemaker-endpoint-name'
    ];
    const errors = await run(entity);
    expect(errors).toEqual([
      {
        name: 'InputError',
        message: expect.stringMatching(
          /^component:default\/fraud-detection-v2: a model needs aws\.amazon\.com\/sagemaker-endpoint-name or ml-observability\/metrics/,
        ),
      },
    ]);
  });

  const runbookCases: Array<[string, (text: string) => string, string]> = [
    [
      'model_name',
      t => t.replace("model_name: 'fraud-detection-v2'\n", ''),
      'required: expected the model name',
    ],
    [
      'owner',
      t => t.replace("owner: 'ml-platform-team'", 'owner: ""'),
      'owner',
    ],
    [
      'monitoring_config.data_quality.frequency',
      t => t.replace('every 2 hours', 'whenever'),
      'a frequency like "every 2 hours"',
    ],
    [
      'monitoring_config.data_quality.alert_threshold',
      t => t.replace('alert_threshold: 0.3', 'alert_threshold: 30'),
      'between 0 and 1',
    ],
    [
      'monitoring_config.data_quality.escalation_path',
      t => t.replace("['ml-engineer', 'data-scientist', 'team-lead']", '[]'),
      'at least one name',
    ],
    [
      'monitoring_config.model_performance.metrics',
      t => t.replace(/metrics: \[.*\]/, 'metrics: accuracy'),
      'a list of metric names',
    ],
    [
      'monitoring_config.model_performance.business_hours_threshold',
      t => t.replace('92.0', '192.0'),
      'between 0 and 100',
    ],
    [
      'monitoring_config.model_performance.off_hours_threshold',
      t => t.replace('88.0', 'high'),
      'between 0 and 100',
    ],
    [
      'incident_response.severity_1.condition',
      t => t.replace("    condition: 'Model accuracy < 85%'\n", ''),
      'condition',
    ],
    [
      'incident_response.severity_one',
      t => t.replace('severity_1:', 'severity_one:'),
      'severity_<N>',
    ],
    [
      'incident_response.severity_1.action.to_variant',
      t =>
        t.replace(
          "    timeline: 'Resolve within 1 hour'\n",
          "    timeline: 'Resolve within 1 hour'\n    action: { type: shift-traffic, to_variant: '' }\n",
        ),
      'the name of a production variant',
    ],
  ];

  it.each(runbookCases)(
    'reports a bad runbook field %s as an input error naming the entity and the field',
    async (field, edit, expected) => {
      const file = `bad-${field.replace(/\W+/g, '-')}.yaml`;
      await writeFile(join(dir, 'runbooks', file), edit(VALID_RUNBOOK));
      const errors = await run(
        model({ 'ml-observability/runbook': `./runbooks/${file}` }),
      );
      expect(errors.length).toBeGreaterThanOrEqual(1);
      const error = errors.find(e => e.message.includes(field));
      expect(error).toBeDefined();
      expect(error!.name).toBe('InputError');
      expect(error!.message).toMatch(
        /^component:default\/fraud-detection-v2: runbook "\.\/runbooks\//,
      );
      expect(error!.message).toContain(expected);
    },
  );

  it('reports malformed runbook YAML with its line', async () => {
    await writeFile(join(dir, 'runbooks', 'broken.yaml'), 'model_name: [x\n');
    const errors = await run(
      model({ 'ml-observability/runbook': './runbooks/broken.yaml' }),
    );
    expect(errors[0].name).toBe('InputError');
    expect(errors[0].message).toMatch(/YAML syntax error.*\(line \d+/);
  });

  it('reports a missing runbook as not found and an escape as an input error', async () => {
    const missing = await run(
      model({ 'ml-observability/runbook': './runbooks/nope.yaml' }),
    );
    expect(missing).toEqual([
      {
        name: 'NotFoundError',
        message: expect.stringContaining(
          `${join(dir, 'runbooks', 'nope.yaml')}: no such file`,
        ),
      },
    ]);
    const escape = await run(
      model({ 'ml-observability/runbook': '../outside.yaml' }),
    );
    expect(escape).toEqual([
      {
        name: 'InputError',
        message: expect.stringContaining(
          'leaves the directory of the catalog file',
        ),
      },
    ]);
  });

  it('skips re-validating an unchanged runbook', async () => {
    const cache = new MemoryCache();
    const entity = model({
      'ml-observability/runbook': './runbooks/valid.yaml',
    });
    await expect(run(entity, cache)).resolves.toEqual([]);
    const cached = cache.values.get('runbook') as { etag: string };
    expect(cached.etag).toMatch(/^file:/);
    await expect(run(entity, cache)).resolves.toEqual([]);
    expect(cache.values.get('runbook')).toEqual(cached);
  });

  it('validates every model of the example catalog cleanly', async () => {
    const file = join(EXAMPLES, 'entities.yaml');
    const documents = (await readFile(file, 'utf8'))
      .split(/^---$/m)
      .map(text => parseDocument(text).toJS() as Entity | null)
      .filter((e): e is Entity => !!e);
    const models = documents.filter(MlModelProcessor.applies);
    expect(models.length).toBeGreaterThanOrEqual(8);
    for (const entity of models) {
      entity.metadata.annotations = {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-location': `file:${file}`,
      };
      const emitted: CatalogProcessorResult[] = [];
      await processor.postProcessEntity(
        entity,
        { type: 'file', target: file },
        r => emitted.push(r),
        new MemoryCache(),
      );
      expect({ entity: entity.metadata.name, emitted }).toEqual({
        entity: entity.metadata.name,
        emitted: [],
      });
    }
  });
});
