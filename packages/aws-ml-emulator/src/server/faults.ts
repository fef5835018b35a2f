import type { AlarmEventFaults } from '../cloudwatch/alarmEvents';
import { createRandom, hashString } from '../util/hash';

/** One fault rule; every member is optional and overrides the less specific rules. */
export interface FaultRule {
  /** Fixed delay before answering, in milliseconds. */
  latencyMs?: number;
  /** Extra uniformly random delay in [0, jitterMs). */
  jitterMs?: number;
  /** Share (0..1) of calls answered with a 5xx (InternalFailure / InternalServiceFault). */
  errorRate?: number;
  /** Share (0..1) of calls answered with a throttling error regardless of the rate limit. */
  throttleRate?: number;
  /** Share (0..1) of calls that never get an answer (until the client gives up). */
  hangRate?: number;
  /** Calls per second (token bucket per account, region and operation); beyond it: throttling. */
  rateLimit?: number;
  /** Bucket size; defaults to rateLimit (at least 1). */
  burst?: number;
  /** Answer every call with AccessDenied. */
  denied?: boolean;
  /**
   * Share (0..1) of calls answered HTTP 500 with an HTML page (`text/html`, no AWS error code),
   * as a proxy or an AWS-compatible stand-in that lacks the operation answers.
   */
  nonAwsErrorRate?: number;
  /**
   * Members left out of successful JSON answers, as dotted paths
   * (`DataCaptureConfig.CurrentSamplingPercentage`); a path through a list applies to each item.
   */
  omitFields?: string[];
}

/**
 * The fault configuration served and accepted by `/__emulator/faults`. Precedence, most
 * specific first: accounts[a].operations[op], accounts[a], operations[op], default,
 * then the AWS-like rate limits when `awsLimits` is true.
 */
export interface FaultConfig {
  awsLimits?: boolean;
  default?: FaultRule;
  operations?: Record<string, FaultRule>;
  accounts?: Record<
    string,
    FaultRule & { operations?: Record<string, FaultRule> }
  >;
  /**
   * Accounts to which SageMaker Model Monitor is closed, as AWS closed it to new customers:
   * reads (ListMonitoringSchedules, Describe…) still answer, every create call of Model Monitor
   * (MODEL_MONITOR_CREATE_OPERATIONS) is refused with an AccessDeniedException.
   */
  modelMonitorClosedAccounts?: string[];
  /**
   * Every ListMetrics answer lists each of its metrics twice, in a row, as some AWS-compatible
   * endpoints do: a client that does not drop repeats reads the same metric twice.
   */
  duplicateListMetrics?: boolean;
  /**
   * How alarm state change deliveries (EventBridge events to the rule's queue, alarm
   * notifications to SNS topics) misbehave: delivered twice, or newest first.
   */
  alarmEvents?: AlarmEventFaults;
}

/** The Model Monitor calls an account closed to Model Monitor is refused. */
export const MODEL_MONITOR_CREATE_OPERATIONS = [
  'CreateMonitoringSchedule',
  'CreateDataQualityJobDefinition',
  'CreateModelQualityJobDefinition',
  'CreateModelBiasJobDefinition',
  'CreateModelExplainabilityJobDefinition',
];

/** What such an account is answered (the wording AWS uses for the closure). */
export function modelMonitorClosedMessage(operation: string): string {
  return `Amazon SageMaker Model Monitor is no longer open to new customers; this account cannot call ${operation}. Publish drift metrics of your own to CloudWatch instead.`;
}

/** Approximations of the AWS per-account TPS quotas (CloudWatch publishes these; SageMaker is lower). */
export const AWS_RATE_LIMITS: Record<string, number> = {
  DescribeAlarms: 9,
  GetMetricData: 50,
  ListMetrics: 25,
  PutMetricData: 500,
  PutMetricAlarm: 3,
  PutCompositeAlarm: 3,
  DeleteAlarms: 3,
  SetAlarmState: 3,
  ListEndpoints: 2,
  DescribeEndpoint: 4,
  DescribeEndpointConfig: 4,
  CreateEndpointConfig: 1,
  CreateEndpoint: 1,
  UpdateEndpoint: 1,
  UpdateEndpointWeightsAndCapacities: 1,
  ListMonitoringSchedules: 2,
  DescribeMonitoringSchedule: 4,
  CreateMonitoringSchedule: 1,
  ListMonitoringExecutions: 2,
  ListMonitoringAlerts: 2,
  ListTags: 4,
  StartPipelineExecution: 1,
  StopPipelineExecution: 1,
  DescribePipelineExecution: 4,
  DescribePipeline: 4,
  ListPipelineExecutions: 2,
  ListPipelineParametersForExecution: 2,
  ListPipelines: 2,
  PutAlarmMuteRule: 3,
  DeleteAlarmMuteRule: 3,
  GetAlarmMuteRule: 9,
  ListAlarmMuteRules: 9,
  AssumeRole: 50,
  GetCallerIdentity: 50,
};

export type FaultDecision =
  | {
      kind: 'denied' | 'throttled' | 'failed' | 'non-aws' | 'hang';
      delayMs: number;
    }
  | { kind: 'pass'; delayMs: number; omitFields?: string[] };

const RULE_KEYS: Array<keyof FaultRule> = [
  'latencyMs',
  'jitterMs',
  'errorRate',
  'throttleRate',
  'hangRate',
  'rateLimit',
  'burst',
  'denied',
  'nonAwsErrorRate',
  'omitFields',
];

export function validateFaultConfig(raw: unknown): FaultConfig {
  const fail = (message: string) =>
    new Error(`Invalid fault configuration: ${message}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw fail('expected an object');
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (
      ![
        'awsLimits',
        'default',
        'operations',
        'accounts',
        'modelMonitorClosedAccounts',
        'duplicateListMetrics',
        'alarmEvents',
      ].includes(key)
    )
      throw fail(`unknown member ${key}`);
  }
  function rule(value: unknown, where: string, allowOperations = false) {
    if (typeof value !== 'object' || value === null) {
      throw fail(`${where} must be an object`);
    }
    for (const [key, v] of Object.entries(value)) {
      if (key === 'operations' && allowOperations) {
        ruleMap(v, `${where}.operations`);
      } else if (!RULE_KEYS.includes(key as keyof FaultRule)) {
        throw fail(`unknown member ${where}.${key}`);
      } else if (key === 'denied') {
        if (typeof v !== 'boolean')
          throw fail(`${where}.denied must be a boolean`);
      } else if (key === 'omitFields') {
        if (
          !Array.isArray(v) ||
          !v.every(
            p =>
              typeof p === 'string' &&
              /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(p),
          )
        )
          throw fail(
            `${where}.omitFields must be a list of dotted member paths, e.g. "DataCaptureConfig.CurrentSamplingPercentage"`,
          );
      } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw fail(`${where}.${key} must be a non-negative number`);
      } else if (key.endsWith('Rate') && key !== 'rateLimit' && v > 1) {
        throw fail(`${where}.${key} is a share between 0 and 1`);
      } else if (key === 'rateLimit' && v === 0) {
        throw fail(`${where}.rateLimit must be positive`);
      }
    }
  }
  function ruleMap(value: unknown, where: string, allowOperations = false) {
    if (typeof value !== 'object' || value === null) {
      throw fail(`${where} must be an object`);
    }
    for (const [key, v] of Object.entries(value)) {
      rule(v, `${where}.${key}`, allowOperations);
    }
  }
  for (const flag of ['awsLimits', 'duplicateListMetrics'] as const) {
    if (config[flag] !== undefined && typeof config[flag] !== 'boolean') {
      throw fail(`${flag} must be a boolean`);
    }
  }
  const events = config.alarmEvents;
  if (events !== undefined) {
    if (typeof events !== 'object' || events === null || Array.isArray(events))
      throw fail('alarmEvents must be an object');

    for (const [key, v] of Object.entries(events)) {
      if (key !== 'duplicate' && key !== 'outOfOrder')
        throw fail(
          `alarmEvents.${key} is not a fault; use duplicate or outOfOrder`,
        );
      if (typeof v !== 'boolean')
        throw fail(`alarmEvents.${key} must be a boolean`);
    }
  }
  if (config.default !== undefined) rule(config.default, 'default');
  if (config.operations !== undefined) ruleMap(config.operations, 'operations');
  if (config.accounts !== undefined) ruleMap(config.accounts, 'accounts', true);
  const closed = config.modelMonitorClosedAccounts;
  if (
    closed !== undefined &&
    (!Array.isArray(closed) ||
      !closed.every(a => typeof a === 'string' && /^\d{12}$/.test(a)))
  ) {
    throw fail(
      'modelMonitorClosedAccounts must be a list of 12-digit account ids',
    );
  }
  return JSON.parse(JSON.stringify(config));
}

/** Decides, per call, which fault (if any) to inject. */
export class FaultInjector {
  private config: FaultConfig = {};
  private readonly buckets = new Map<
    string,
    { tokens: number; updated: number }
  >();
  private readonly random: () => number;

  constructor(
    seed: string,
    initial: FaultConfig = {},
    private readonly wallClock = () => performance.now(),
  ) {
    this.random = createRandom(hashString(`faults:${seed}`));
    this.set(initial);
  }

  get(): FaultConfig {
    return JSON.parse(JSON.stringify(this.config));
  }

  set(config: FaultConfig): void {
    this.config = validateFaultConfig(config);
    this.buckets.clear();
  }

  resolve(account: string, operation: string): FaultRule {
    const c = this.config;
    const { operations: _ignored, ...accountRule } =
      c.accounts?.[account] ?? {};
    return {
      ...(c.awsLimits && AWS_RATE_LIMITS[operation]
        ? { rateLimit: AWS_RATE_LIMITS[operation] }
        : {}),
      ...c.default,
      ...c.operations?.[operation],
      ...accountRule,
      ...c.accounts?.[account]?.operations?.[operation],
    };
  }

  decide(account: string, region: string, operation: string): FaultDecision {
    const rule = this.resolve(account, operation);
    const delayMs =
      (rule.latencyMs ?? 0) +
      (rule.jitterMs ? this.random() * rule.jitterMs : 0);
    if (rule.denied) return { kind: 'denied', delayMs };
    if (
      rule.rateLimit !== undefined &&
      !this.take(`${account}/${region}/${operation}`, rule)
    ) {
      return { kind: 'throttled', delayMs };
    }
    if (rule.throttleRate && this.random() < rule.throttleRate)
      return { kind: 'throttled', delayMs };
    if (rule.hangRate && this.random() < rule.hangRate)
      return { kind: 'hang', delayMs };
    if (rule.errorRate && this.random() < rule.errorRate)
      return { kind: 'failed', delayMs };
    if (rule.nonAwsErrorRate && this.random() < rule.nonAwsErrorRate)
      return { kind: 'non-aws', delayMs };
    return rule.omitFields?.length
      ? { kind: 'pass', delayMs, omitFields: rule.omitFields }
      : { kind: 'pass', delayMs };
  }

  alarmEventFaults(): AlarmEventFaults {
    return this.config.alarmEvents ?? {};
  }

  /** Whether ListMetrics answers list each metric twice. */
  duplicatesListMetrics(): boolean {
    return this.config.duplicateListMetrics === true;
  }

  /** Whether this call is a Model Monitor create call of an account closed to Model Monitor. */
  refusesModelMonitor(account: string, operation: string): boolean {
    return (
      (this.config.modelMonitorClosedAccounts?.includes(account) ?? false) &&
      MODEL_MONITOR_CREATE_OPERATIONS.includes(operation)
    );
  }

  private take(key: string, rule: FaultRule): boolean {
    const rate = rule.rateLimit!;
    const capacity = Math.max(1, rule.burst ?? rate);
    const now = this.wallClock();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updated: now };
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + ((now - bucket.updated) / 1000) * rate,
    );
    bucket.updated = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** A copy of a JSON answer without the members at `paths` (dotted; lists apply to each item). */
export function omitFields<T>(answer: T, paths: string[]): T {
  const copy = JSON.parse(JSON.stringify(answer));
  const drop = (value: unknown, keys: string[]): void => {
    if (Array.isArray(value)) {
      for (const item of value) drop(item, keys);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    const [head, ...rest] = keys;
    if (rest.length === 0) delete record[head];
    else drop(record[head], rest);
  };
  for (const path of paths) drop(copy, path.split('.'));
  return copy;
}

/** A ListMetrics answer with each metric (and its owning account, when listed) twice in a row. */
export function duplicateListedMetrics<
  T extends { Metrics?: unknown[]; OwningAccounts?: unknown[] },
>(answer: T): T {
  const twice = (items: unknown[]) => items.flatMap(item => [item, item]);
  return {
    ...answer,
    ...(answer.Metrics ? { Metrics: twice(answer.Metrics) } : {}),
    ...(answer.OwningAccounts
      ? { OwningAccounts: twice(answer.OwningAccounts) }
      : {}),
  };
}
