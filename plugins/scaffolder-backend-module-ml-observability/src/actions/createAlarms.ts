import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  canonicalMetricName,
  canonicalTimeZone,
  CustomMetricSource,
  parseMetricsAnnotation,
  Runbook,
} from '@mlobs/backstage-plugin-ml-observability-common';
import {
  AwsClientFactory,
  AwsTarget,
  describeTarget,
  SendingClient,
} from '../aws/clients';
import { failingAs } from '../aws/steps';
import { AlarmOutcome, applyAlarms } from '../alarms/apply';
import { nextOffsetChange } from '../alarms/businessHours';
import { evaluatesDayFunction } from '../alarms/discover';
import { planAlarms } from '../alarms/plan';
import type { BusinessHoursWindow } from '../alarms/businessHours';
import type { PlannedAlarm } from '../alarms/types';
import { discoverSources, firstMetric, Sources } from '../alarms/sources';
import {
  accountIdInput,
  endpointNameInput,
  regionInput,
  resolveTarget,
} from './inputs';
import type { ActionSettings } from './settings';
import { loadRunbook } from './workspaceRunbook';
import { checkCustomDrift, customDriftInput } from './customDriftInput';
import type { CustomDriftInput } from '../alarms/types';

const SNS_ARN =
  /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;

export const CREATE_ALARMS_ID = 'mlobs:cloudwatch:create-alarms';

const examples = [
  {
    description:
      'Alarms for a SageMaker endpoint with Model Monitor schedules, from the runbook written by fetch:template',
    example: `steps:
  - id: alarms
    action: ${CREATE_ALARMS_ID}
    input:
      accountId: '123456789012'
      region: us-east-1
      modelName: churn-prediction
      endpointName: churn-prediction-prod
      runbookPath: runbook.yaml
      snsTopicArn: arn:aws:sns:us-east-1:123456789012:ml-alerts
      timeZone: America/Chicago`,
  },
  {
    description: 'Alarms on custom CloudWatch metrics published in percent',
    example: `steps:
  - id: alarms
    action: ${CREATE_ALARMS_ID}
    input:
      modelName: fraud-detection-v2
      metrics: namespace=ML/ModelPerformance,ModelName=fraud-detection-v2
      customMetricUnit: percent
      snsTopicArn: arn:aws:sns:us-east-1:123456789012:ml-alerts
      timeZone: America/New_York
      businessHours: { start: '08:00', end: '20:00', days: [1, 2, 3, 4, 5] }`,
  },
  {
    description:
      'No Model Monitor: drift scores from a drift job of your own (drift_score with a Feature dimension), and anomaly-detection alarms on the quality metrics',
    example: `steps:
  - id: alarms
    action: ${CREATE_ALARMS_ID}
    input:
      modelName: fraud-detection-v3
      metrics: namespace=ML/ModelPerformance,ModelName=fraud-detection-v3
      customDrift:
        namespace: ML/Drift
        dimensions: { ModelName: fraud-detection-v3 }
        featureDimension: Feature
        metricName: drift_score
      anomalyDetection: { bandWidth: 2 }
      snsTopicArn: arn:aws:sns:us-east-1:123456789012:ml-alerts`,
  },
];

/** What the action's steps read of its input. */
interface AlarmInput {
  accountId?: string;
  region?: string;
  endpointName?: string;
  metrics?: string;
  customDrift?: Parameters<typeof checkCustomDrift>[0];
  snsTopicArn: string;
  timeZone?: string;
}

/**
 * Checks what no AWS call could fix, before any is made: the topic's region,
 * the time zone, the custom metrics, and that there is something to watch.
 */
function checkAlarmInput(
  input: AlarmInput,
  settings: ActionSettings,
): {
  target: AwsTarget;
  where: string;
  timeZone: string;
  metrics: CustomMetricSource[];
  customDrift?: CustomDriftInput;
} {
  const target = resolveTarget(input, settings.defaults);
  const arn = SNS_ARN.exec(input.snsTopicArn)!;
  if (arn[1] !== target.region) {
    throw new InputError(
      `snsTopicArn is in ${arn[1]} but the alarms are created in ${target.region}; CloudWatch alarm actions need a topic in the alarm's region`,
    );
  }
  const zone = input.timeZone ?? settings.timeZone;
  const timeZone = canonicalTimeZone(zone);
  if (!timeZone) {
    throw new InputError(
      `timeZone ${JSON.stringify(
        zone,
      )} is not an IANA time zone such as America/New_York`,
    );
  }
  let metrics: CustomMetricSource[] = [];
  if (input.metrics !== undefined) {
    const parsed = parseMetricsAnnotation(input.metrics);
    if (!parsed.ok) {
      throw new InputError(
        `metrics: ${parsed.problems
          .map(p => `${p.message}; expected ${p.allowed}`)
          .join('; ')}`,
      );
    }
    metrics = parsed.sources;
  }
  const customDrift = checkCustomDrift(input.customDrift);
  if (!input.endpointName && metrics.length === 0 && !customDrift) {
    throw new InputError(
      'give endpointName (Model Monitor) or metrics (custom CloudWatch metrics), and customDrift for drift scores of your own',
    );
  }
  return {
    target,
    where: describeTarget(target),
    timeZone,
    metrics,
    ...(customDrift ? { customDrift } : {}),
  };
}

/** The quality metrics a runbook names, by their canonical names. */
function qualityMetricsOf(runbook: Runbook): string[] {
  const performance = runbook.monitoring_config.model_performance;
  return [
    ...new Set(
      [
        ...(performance?.metrics ?? []),
        ...Object.keys(performance?.metric_thresholds ?? {}),
      ].map(canonicalMetricName),
    ),
  ];
}

/**
 * Whether the business-hours alarms may use DAY(): asked of CloudWatch only
 * when the window leaves days out and the two thresholds differ.
 */
async function weekdaysEvaluated(
  cloudwatch: SendingClient,
  plan: {
    runbook: Runbook;
    window: BusinessHoursWindow;
    sources: Sources;
    now: Date;
  },
): Promise<boolean> {
  const performance = plan.runbook.monitoring_config.model_performance;
  const days = plan.window.days ?? [1, 2, 3, 4, 5];
  const needsMath =
    performance !== undefined &&
    performance.business_hours_threshold !== performance.off_hours_threshold;
  const quality = plan.sources.quality;
  if (!needsMath || new Set(days.map(d => (d === 0 ? 7 : d))).size >= 7) {
    return true;
  }
  const [first] = quality ? [...quality.metricNames.values()] : [];
  if (!quality || !first) return true;
  return evaluatesDayFunction(
    cloudwatch,
    firstMetric(quality.source, first),
    plan.now,
  );
}

/** CloudWatch evaluates HOUR() in UTC: a coming offset change moves the window. */
function zoneChangeWarnings(
  alarms: PlannedAlarm[],
  timeZone: string,
  now: Date,
): string[] {
  const zoneChange = alarms.some(a =>
    a.input.Metrics?.some(m => m.Id === 'local_time'),
  )
    ? nextOffsetChange(timeZone, now)
    : undefined;
  return zoneChange
    ? [
        `${timeZone} changes its UTC offset on ${zoneChange.toISOString()}; CloudWatch evaluates HOUR() in UTC, so run this action again after that to move the business-hours window`,
      ]
    : [];
}

/** The parts of the alarm plan that come from the input and settings alone. */
function planInput(
  input: AlarmInput & {
    modelName: string;
    alarmNamePrefix?: string;
    evaluationPeriods?: number;
    datapointsToAlarm?: number;
  },
  settings: ActionSettings,
) {
  return {
    modelName: input.modelName,
    alarmNamePrefix: input.alarmNamePrefix ?? input.modelName,
    snsTopicArn: input.snsTopicArn,
    failureMetric: settings.failureMetric,
    evaluation: {
      evaluationPeriods: input.evaluationPeriods,
      datapointsToAlarm: input.datapointsToAlarm,
    },
  };
}

function logOutcomes(
  logger: LoggerService,
  where: string,
  result: {
    outcomes: AlarmOutcome[];
    skipped: Array<{ alarm: string; reason: string }>;
    warnings: string[];
  },
): void {
  for (const outcome of result.outcomes) {
    logger.info(
      `${outcome.status}: ${outcome.name} (${outcome.kind}) in ${where}`,
    );
  }
  for (const skip of result.skipped)
    logger.warn(`skipped ${skip.alarm}: ${skip.reason}`);
  for (const warning of result.warnings) logger.warn(warning);
}

/** mlobs:cloudwatch:create-alarms */
export function createAlarmsAction(options: {
  clients: AwsClientFactory;
  settings: ActionSettings;
}) {
  const { clients, settings } = options;
  return createTemplateAction({
    id: CREATE_ALARMS_ID,
    description:
      "Creates or updates a model's CloudWatch alarms from its runbook: each quality metric below the threshold in force (business-hours and off-hours thresholds in one metric-math alarm), drift above alert_threshold, and failed Model Monitor executions, notifying an SNS topic. Idempotent; supports dry-run.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        accountId: accountIdInput,
        region: regionInput,
        modelName: z =>
          z
            .string()
            .min(1)
            .max(200)
            .describe(
              'The model (catalog entity name); names the alarms and appears in their descriptions',
            ),
        alarmNamePrefix: z =>
          z
            .string()
            .min(1)
            .max(200)
            .regex(/^[A-Za-z0-9][A-Za-z0-9 ._:/@+=-]*$/, {
              message:
                'letters, digits, space and . _ : / @ + = -, starting with a letter or digit',
            })
            .optional()
            .describe('Prefix of the alarm names. Default: modelName'),
        runbookPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Runbook file in the task workspace. Default: runbook.yaml',
            ),
        runbook: z =>
          z
            .string()
            .optional()
            .describe('The runbook as YAML text, instead of runbookPath'),
        endpointName: z =>
          endpointNameInput(z)
            .optional()
            .describe(
              'SageMaker endpoint: its Model Monitor schedules give the quality, drift and failure metrics',
            ),
        metrics: z =>
          z
            .string()
            .optional()
            .describe(
              'Custom CloudWatch source, in the ml-observability/metrics annotation format (namespace=ML/ModelPerformance,ModelName=my-model)',
            ),
        customMetricUnit: z =>
          z
            .enum(['percent', 'fraction'])
            .optional()
            .describe(
              'How the custom source publishes scores. Default: detected from the last two weeks of data',
            ),
        driftFeatures: z =>
          z
            .array(z.string().min(1))
            .optional()
            .describe(
              'Features to watch for drift. Default: every feature Model Monitor publishes a drift metric for',
            ),
        customDrift: customDriftInput,
        anomalyDetection: z =>
          z
            .union([
              z.boolean(),
              z.object({
                bandWidth: z
                  .number()
                  .min(0.1)
                  .max(10)
                  .optional()
                  .describe(
                    'Width of the expected band in standard deviations, the same in and out of business hours. Default: 2',
                  ),
              }),
            ])
            .optional()
            .describe(
              'Also a CloudWatch anomaly-detection alarm (ANOMALY_DETECTION_BAND) on each quality metric, next to its threshold alarm: true, or { bandWidth }',
            ),
        snsTopicArn: z =>
          z
            .string()
            .regex(SNS_ARN, {
              message:
                'expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ml-alerts',
            })
            .describe(
              'SNS topic notified when an alarm fires and when it recovers',
            ),
        timeZone: z =>
          z
            .string()
            .optional()
            .describe(
              "The model's IANA time zone for business hours. Default: mlObservability.defaults.timeZone, else UTC",
            ),
        businessHours: z =>
          z
            .object({
              start: z
                .string()
                .regex(/^([01]\d|2[0-4]):[0-5]\d$/)
                .optional(),
              end: z
                .string()
                .regex(/^([01]\d|2[0-4]):[0-5]\d$/)
                .optional(),
              days: z.array(z.number().int().min(0).max(7)).optional(),
            })
            .optional()
            .describe(
              'Business hours (HH:MM, ISO weekdays 1 = Monday). Default: mlObservability.businessHours, else Mon-Fri 09:00-18:00',
            ),
        evaluationPeriods: z =>
          z
            .number()
            .int()
            .min(1)
            .max(100)
            .optional()
            .describe(
              'Periods a quality alarm evaluates. Default: 1 for Model Monitor, 3 for custom metrics',
            ),
        datapointsToAlarm: z =>
          z
            .number()
            .int()
            .min(1)
            .max(100)
            .optional()
            .describe(
              'Breaching datapoints that fire a quality alarm. Default: 1 for Model Monitor, 2 for custom metrics',
            ),
      },
      output: {
        alarms: z =>
          z
            .array(
              z.object({
                name: z.string(),
                kind: z.string(),
                status: z.string(),
              }),
            )
            .describe(
              'Every alarm (kind quality, drift, monitoring-failures or anomaly) and what happened to it: created, updated, unchanged, would-create, would-update',
            ),
        alarmNames: z => z.array(z.string()),
        skipped: z =>
          z
            .array(z.object({ alarm: z.string(), reason: z.string() }))
            .describe('Alarms that could not be made yet, and why'),
        warnings: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const { target, where, timeZone, metrics, customDrift } = checkAlarmInput(
        input,
        settings,
      );
      const runbook = await loadRunbook(ctx.workspacePath, input);
      const now = new Date();
      const window: BusinessHoursWindow = {
        timeZone,
        ...settings.businessHours,
        ...input.businessHours,
      };
      const cloudwatch = await clients.cloudwatch(target);
      const sagemaker = input.endpointName
        ? await clients.sagemaker(target)
        : undefined;

      const sources = await failingAs(
        `Reading the model's monitoring schedules and metrics in ${where}`,
        () =>
          discoverSources(
            { cloudwatch, sagemaker },
            {
              endpointName: input.endpointName,
              metrics,
              customMetricUnit: input.customMetricUnit,
              driftFeatures: input.driftFeatures,
              ...(customDrift ? { customDrift } : {}),
              qualityMetrics: qualityMetricsOf(runbook),
            },
            now,
          ),
      );
      const warnings = [...sources.warnings];
      const weekdays = await weekdaysEvaluated(cloudwatch, {
        runbook,
        window,
        sources,
        now,
      });
      if (!weekdays) {
        warnings.push(
          `the CloudWatch endpoint of ${where} does not evaluate DAY(), so the business-hours threshold applies every day of the week, weekends included`,
        );
      }
      const { alarms, skipped } = planAlarms({
        ...planInput(input, settings),
        runbook,
        window,
        weekdays,
        now,
        ...(sources.quality ? { quality: sources.quality } : {}),
        ...(sources.drift ? { drift: sources.drift } : {}),
        schedules: sources.schedules,
        ...(input.anomalyDetection
          ? {
              anomalyDetection: {
                bandWidth:
                  (input.anomalyDetection === true
                    ? undefined
                    : input.anomalyDetection.bandWidth) ?? 2,
              },
            }
          : {}),
      });
      const outcomes = await failingAs(
        `Creating the CloudWatch alarms in ${where}`,
        () =>
          applyAlarms(cloudwatch, alarms, {
            dryRun: ctx.isDryRun === true,
            tags: [
              { Key: 'mlobs:model', Value: input.modelName },
              { Key: 'mlobs:managed-by', Value: CREATE_ALARMS_ID },
            ],
          }),
      );
      warnings.push(...zoneChangeWarnings(alarms, timeZone, now));

      logOutcomes(ctx.logger, where, { outcomes, skipped, warnings });
      ctx.output('alarms', outcomes);
      ctx.output(
        'alarmNames',
        outcomes.map(o => o.name),
      );
      ctx.output('skipped', skipped);
      ctx.output('warnings', warnings);
    },
  });
}
