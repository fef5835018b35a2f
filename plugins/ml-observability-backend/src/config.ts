import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  BusinessHours,
  canonicalTimeZone,
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_CUSTOM_DRIFT_MAX_FEATURES,
  MAX_CUSTOM_DRIFT_FEATURES,
  OnCallUrlTemplates,
  validateBusinessHours,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { readAwsDefaults } from '@mlobs/backstage-plugin-ml-observability-node';

/** The plugin's settings, with every default applied. */
export interface MlObservabilityConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Seconds between two fleet collections, as far as staleness is concerned. */
  collectionIntervalSeconds: number;
  /** Seconds a fleet round may take before the scheduler aborts it. */
  collectionTimeoutSeconds: number;
  metricDiscoveryIntervalSeconds: number;
  retentionDays: number;
  lookbackDays: number;
  staleAfterIntervals: number;
  refreshCooldownSeconds: number;
  defaults: {
    /** Annotation, else this; undefined when neither config nor the AWS integration names one. */
    accountId?: string;
    region: string;
    timeZone: string;
    driftThreshold: number;
    qualityThresholds?: {
      businessHoursThreshold: number;
      offHoursThreshold: number;
    };
  };
  businessHours: BusinessHours;
  onCallUrls: OnCallUrlTemplates;
  /** Features read per custom drift source that sets no maxFeatures. */
  customDriftMaxFeatures: number;
}

const KEY = 'mlObservability';
/**
 * The timeout is set for a cold round (every endpoint and schedule described
 * once) of a large fleet, not for the steady round that the frequency is set
 * for: a cold round costs about (endpoints + schedules) / concurrency calls
 * in a row, 15,000 / 4 x 40 ms = 150 s at 5,000 models with two schedules
 * each, plus its writes. A run longer than the frequency only delays the
 * next one (the scheduler runs one at a time).
 */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 10 },
};
/** Below this even a small fleet's cold round is cut short, and an aborted round saves nothing. */
const MIN_TIMEOUT_SECONDS = 10;
const DEFAULT_INTERVAL_SECONDS = 300;

function fail(key: string, problem: string): never {
  throw new Error(`Invalid configuration ${KEY}.${key}: ${problem}`);
}

/**
 * Seconds between runs of a schedule. Cron schedules are understood when
 * they run every N minutes or hours; other shapes (and manual triggers)
 * fall back to the default interval, which only affects staleness.
 */
export function scheduleIntervalSeconds(
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'],
): number {
  if ('cron' in frequency) {
    const fields = frequency.cron.trim().split(/\s+/);
    // A six-field cron starts with seconds.
    const [minute, hour, ...rest] =
      fields.length === 6 ? fields.slice(1) : fields;
    const restIsAny = rest.every(f => f === '*' || f === '?');
    const every = (field: string) => /^\*\/(\d+)$/.exec(field)?.[1];
    if (restIsAny && hour === '*') {
      if (minute === '*') return 60;
      const n = every(minute);
      if (n) return Number(n) * 60;
      if (/^\d+$/.test(minute)) return 3600;
    }
    if (restIsAny && /^\d+$/.test(minute)) {
      const n = every(hour);
      if (n) return Number(n) * 3600;
      if (/^\d+$/.test(hour)) return 86400;
    }
    return DEFAULT_INTERVAL_SECONDS;
  }
  if ('trigger' in frequency) return DEFAULT_INTERVAL_SECONDS;
  const withMillis = frequency as { toMillis?: () => number };
  const ms =
    typeof withMillis.toMillis === 'function'
      ? withMillis.toMillis()
      : durationToMilliseconds(frequency as HumanDuration);
  return ms > 0 ? Math.round(ms / 1000) : DEFAULT_INTERVAL_SECONDS;
}

function durationSeconds(
  duration: SchedulerServiceTaskScheduleDefinition['timeout'],
): number {
  const withMillis = duration as { toMillis?: () => number };
  const ms =
    typeof withMillis.toMillis === 'function'
      ? withMillis.toMillis()
      : durationToMilliseconds(duration as HumanDuration);
  return Math.round(ms / 1000);
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0)
    fail(key, `expected a positive number, got ${value}`);
  return value;
}

function fraction(config: Config, key: string): number | undefined {
  const value = config.getOptionalNumber(key);
  if (value !== undefined && !(value >= 0 && value <= 1)) {
    fail(
      key,
      `expected a fraction between 0 and 1 (0.9 for 90%), got ${value}`,
    );
  }
  return value;
}

/** Reads and checks `mlObservability`, failing at startup with the key at fault. */
/**
 * `mlObservability.customDrift.maxFeatures`: features read per custom drift
 * source whose annotation sets no `maxFeatures`. Default: 100.
 */
export function readCustomDriftMaxFeatures(root: Config): number {
  const key = 'customDrift.maxFeatures';
  const value =
    root.getOptionalNumber(`${KEY}.${key}`) ??
    DEFAULT_CUSTOM_DRIFT_MAX_FEATURES;
  if (
    !Number.isInteger(value) ||
    value < 1 ||
    value > MAX_CUSTOM_DRIFT_FEATURES
  )
    fail(
      key,
      `expected a whole number from 1 to ${MAX_CUSTOM_DRIFT_FEATURES}, got ${value}`,
    );
  return value;
}

export function readMlObservabilityConfig(root: Config): MlObservabilityConfig {
  const config = root.getOptionalConfig(KEY) ?? new ConfigReader({});
  const schedule = config.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;

  const timeoutSeconds = durationSeconds(schedule.timeout);
  if (!(timeoutSeconds >= MIN_TIMEOUT_SECONDS))
    fail(
      'schedule.timeout',
      `expected at least ${MIN_TIMEOUT_SECONDS} seconds, got ${timeoutSeconds}; a round that times out saves nothing`,
    );

  const discovery = config.has('metricDiscoveryInterval')
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: 'metricDiscoveryInterval' }),
      ) / 1000
    : 3600;
  if (!(discovery > 0))
    fail('metricDiscoveryInterval', 'expected a positive duration');

  const retentionDays = positive(config, 'retentionDays', 30);
  const lookbackDays = Math.min(
    positive(config, 'lookbackDays', 7),
    retentionDays,
  );

  // The one account/region fallback every package of the plugin shares.
  const { accountId, region } = readAwsDefaults(root);
  const zone = config.getOptionalString('defaults.timeZone') ?? 'UTC';
  const timeZone = canonicalTimeZone(zone);
  if (!timeZone)
    fail(
      'defaults.timeZone',
      `${JSON.stringify(zone)} is not an IANA time zone`,
    );

  const business = fraction(config, 'defaults.qualityThresholds.businessHours');
  const off = fraction(config, 'defaults.qualityThresholds.offHours');
  const driftThreshold =
    config.getOptionalNumber('defaults.driftThreshold') ?? 0.3;
  if (!(driftThreshold >= 0))
    fail(
      'defaults.driftThreshold',
      `expected a number of at least 0, got ${driftThreshold}`,
    );

  const businessHours: BusinessHours = {
    start:
      config.getOptionalString('businessHours.start') ??
      DEFAULT_BUSINESS_HOURS.start,
    end:
      config.getOptionalString('businessHours.end') ??
      DEFAULT_BUSINESS_HOURS.end,
    // validateBusinessHours below refuses anything but ISO weekday numbers.
    days:
      (config.getOptional('businessHours.days') as number[] | undefined) ??
      DEFAULT_BUSINESS_HOURS.days,
  };
  const problems = validateBusinessHours({ ...businessHours, timeZone });
  if (problems.length > 0) fail('businessHours', problems.join('; '));

  return {
    schedule,
    collectionIntervalSeconds: scheduleIntervalSeconds(schedule.frequency),
    collectionTimeoutSeconds: timeoutSeconds,
    metricDiscoveryIntervalSeconds: discovery,
    retentionDays,
    lookbackDays,
    staleAfterIntervals: positive(config, 'staleAfterIntervals', 3),
    refreshCooldownSeconds:
      config.getOptionalNumber('refreshCooldownSeconds') ?? 30,
    defaults: {
      ...(accountId !== undefined ? { accountId } : {}),
      region,
      timeZone,
      driftThreshold,
      ...(business !== undefined || off !== undefined
        ? {
            qualityThresholds: {
              businessHoursThreshold: (business ?? off)!,
              offHoursThreshold: (off ?? business)!,
            },
          }
        : {}),
    },
    businessHours,
    customDriftMaxFeatures: readCustomDriftMaxFeatures(root),
    onCallUrls: {
      ...(config.has('onCallUrls.pagerduty')
        ? { pagerduty: config.getString('onCallUrls.pagerduty') }
        : {}),
      ...(config.has('onCallUrls.opsgenie')
        ? { opsgenie: config.getString('onCallUrls.opsgenie') }
        : {}),
    },
  };
}

/** One queue that alarm state changes arrive on (EventBridge rule or SNS subscription → SQS). */
export interface AlertQueueConfig {
  /** `https://sqs.<region>.amazonaws.com/<account>/<name>`, or an emulator's / VPC endpoint's URL. */
  queueUrl: string;
  /** The account whose credentials (`aws.accounts`) read the queue, and whose alarms it carries. */
  accountId: string;
  region: string;
  /** Long-poll wait of one ReceiveMessage, 0–20 seconds. */
  waitTimeSeconds: number;
  /** Messages per ReceiveMessage, 1–10. */
  maxMessages: number;
  /** Seconds a received message stays hidden while it is handled. */
  visibilityTimeoutSeconds?: number;
}

/** `mlObservability.alerts`: the response loop's settings, defaults applied. */
export interface AlertsConfig {
  /** Days transitions are kept in `model_events`. Default: 90. */
  retentionDays: number;
  /** An alarm is noisy with at least `transitions` changes within `windowHours`. Default: 6 in 24 h. */
  noisy: { transitions: number; windowHours: number };
  /** Entity refs told about alarms no model claims. Default: none (logged). */
  fallbackRecipients: string[];
  /** Whether notifications are sent at all (history is kept either way). Default: true. */
  notificationsEnabled: boolean;
  /** Queues to consume; empty means rounds detect transitions between snapshots. */
  queues: AlertQueueConfig[];
  /** How often each queue is polled: one long poll per run. Default: every 5 seconds. */
  pollFrequencySeconds: number;
  /** Alarms backfilled from DescribeAlarmHistory per round (first sight of an alarm). Default: 20. */
  backfillAlarmsPerRound: number;
}

const SQS_URL =
  /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(\d{12})\/[A-Za-z0-9_-]{1,80}(?:\.fifo)?$/;

function wholeInRange(
  config: Config,
  key: string,
  fallback: number,
  min: number,
  max: number,
  path: string,
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    fail(path, `expected a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

/**
 * Reads `mlObservability.alerts`. A queue's account and region come from an
 * AWS queue URL; an emulator's or VPC endpoint's URL must name them.
 */
export function readAlertsConfig(root: Config): AlertsConfig {
  const config =
    root.getOptionalConfig(`${KEY}.alerts`) ?? new ConfigReader({});
  const { accountId: defaultAccount, region: defaultRegion } =
    readAwsDefaults(root);
  const queues = (config.getOptionalConfigArray('queues') ?? []).map(
    (queue, index) => {
      const path = `alerts.queues[${index}]`;
      const queueUrl = queue.getString('queueUrl');
      const parsed = SQS_URL.exec(queueUrl);
      let url: URL;
      try {
        url = new URL(queueUrl);
      } catch {
        return fail(
          `${path}.queueUrl`,
          `${JSON.stringify(queueUrl)} is not a URL`,
        );
      }
      const fromPath = /^\/(\d{12})\//.exec(url.pathname)?.[1];
      const accountId =
        queue.getOptionalString('accountId') ??
        parsed?.[2] ??
        fromPath ??
        defaultAccount;
      if (!accountId || !/^\d{12}$/.test(accountId))
        fail(
          `${path}.accountId`,
          'expected the 12-digit account of the queue (the URL does not name one)',
        );
      const region =
        queue.getOptionalString('region') ?? parsed?.[1] ?? defaultRegion;
      const visibility = queue.getOptionalNumber('visibilityTimeoutSeconds');
      if (
        visibility !== undefined &&
        (!Number.isInteger(visibility) || visibility < 0 || visibility > 43200)
      )
        fail(
          `${path}.visibilityTimeoutSeconds`,
          `expected a whole number from 0 to 43200, got ${visibility}`,
        );
      return {
        queueUrl,
        accountId: accountId!,
        region,
        waitTimeSeconds: wholeInRange(
          queue,
          'waitTimeSeconds',
          20,
          0,
          20,
          `${path}.waitTimeSeconds`,
        ),
        maxMessages: wholeInRange(
          queue,
          'maxMessages',
          10,
          1,
          10,
          `${path}.maxMessages`,
        ),
        ...(visibility !== undefined
          ? { visibilityTimeoutSeconds: visibility }
          : {}),
      };
    },
  );
  const seen = new Set<string>();
  for (const queue of queues) {
    if (seen.has(queue.queueUrl))
      fail('alerts.queues', `${queue.queueUrl} is listed twice`);
    seen.add(queue.queueUrl);
  }
  const fallbackRecipients =
    config.getOptionalStringArray('fallbackRecipients') ?? [];
  for (const ref of fallbackRecipients) {
    if (!/^(user|group):([^/:]+\/)?[^/:]+$/i.test(ref))
      fail(
        'alerts.fallbackRecipients',
        `${JSON.stringify(
          ref,
        )} is not a user or group entity ref (user:name, group:default/name)`,
      );
  }
  const pollFrequencySeconds = config.has('pollFrequency')
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: 'pollFrequency' }),
      ) / 1000
    : 5;
  if (!(pollFrequencySeconds >= 1))
    fail('alerts.pollFrequency', 'expected at least 1 second');
  return {
    retentionDays: wholeInRange(
      config,
      'retentionDays',
      90,
      1,
      3650,
      'alerts.retentionDays',
    ),
    noisy: {
      transitions: wholeInRange(
        config,
        'noisy.transitions',
        6,
        2,
        1000,
        'alerts.noisy.transitions',
      ),
      windowHours: wholeInRange(
        config,
        'noisy.windowHours',
        24,
        1,
        168,
        'alerts.noisy.windowHours',
      ),
    },
    fallbackRecipients,
    notificationsEnabled:
      config.getOptionalBoolean('notifications.enabled') ?? true,
    queues,
    pollFrequencySeconds,
    backfillAlarmsPerRound: wholeInRange(
      config,
      'backfill.alarmsPerRound',
      20,
      0,
      1000,
      'alerts.backfill.alarmsPerRound',
    ),
  };
}

/** `mlObservability.actions`: how runbook action runs are limited and followed. */
export interface ActionsConfig {
  maxRunsPerWindow: number;
  windowMinutes: number;
  followIntervalMs: number;
  shiftTimeoutMs: number;
  pipelineTimeoutMs: number;
}

/** Reads `mlObservability.actions`; every member has a default. */
export function readActionsConfig(root: Config): ActionsConfig {
  const config =
    root.getOptionalConfig(`${KEY}.actions`) ?? new ConfigReader({});
  return {
    maxRunsPerWindow: wholeInRange(
      config,
      'maxRunsPerWindow',
      6,
      1,
      1000,
      'actions.maxRunsPerWindow',
    ),
    windowMinutes: wholeInRange(
      config,
      'windowMinutes',
      10,
      1,
      1440,
      'actions.windowMinutes',
    ),
    followIntervalMs:
      wholeInRange(
        config,
        'followIntervalSeconds',
        5,
        1,
        300,
        'actions.followIntervalSeconds',
      ) * 1000,
    shiftTimeoutMs:
      wholeInRange(
        config,
        'shiftTimeoutMinutes',
        30,
        1,
        720,
        'actions.shiftTimeoutMinutes',
      ) * 60_000,
    pipelineTimeoutMs:
      wholeInRange(
        config,
        'pipelineTimeoutHours',
        6,
        1,
        72,
        'actions.pipelineTimeoutHours',
      ) * 3_600_000,
  };
}
