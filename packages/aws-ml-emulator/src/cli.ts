import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator';
import { SCENARIOS, ScenarioName } from './scenarios';
import type { FaultConfig, FaultRule } from './server/faults';

const USAGE = `Usage: aws-ml-emulator [options]

  --port <n>                    TCP port (default 4566; 0 = any free port)
  --host <addr>                 bind address (default 127.0.0.1)
  --scenario <demo|scale|empty> simulated fleet (default demo)
  --seed <text>                 seed of all simulated values (default mlobs)
  --models <n> --features <n> --schedules <1-4>
                                scale scenario size (default 100 / 8 / 2)
  --endpoint-transition-seconds <n>
                                how long UpdateEndpoint keeps an endpoint Updating (default 30)
Alarm state changes (the demo delivers them by default, as an EventBridge rule would):
  --alarm-events-queue <name>   the queue of each account/region events go to (default mlobs-alarm-events)
  --alarm-events-every <s>      real seconds between evaluations of every alarm (default 10)
  --no-alarm-events             no events and no evaluation timer (SNS alarm actions still deliver)
  --duplicate-alarm-events      deliver every event and alarm notification twice
  --out-of-order-alarm-events   deliver the changes of one evaluation newest first
Faults (all operations; use --faults or PUT /__emulator/faults for finer control):
  --aws-limits                  throttle beyond AWS-like per-operation call rates
  --latency <ms> --jitter <ms>  added response time
  --error-rate <0..1>           share of 5xx answers
  --throttle-rate <0..1>        share of throttling answers
  --hang-rate <0..1>            share of calls that never get an answer
  --non-aws-error-rate <0..1>   share of HTTP 500 answers with an HTML page (no AWS error)
  --non-aws-error <Operation>   answer every call of one operation with that page (repeatable)
  --omit-field <Operation=path> leave a member out of an operation's answers, e.g.
                                DescribeEndpoint=DataCaptureConfig.CurrentSamplingPercentage (repeatable)
  --rate-limit <Operation=n>    calls per second for one operation (repeatable)
  --deny-account <account>      answer AccessDenied to this account (repeatable)
  --duplicate-list-metrics      list each metric twice in every ListMetrics answer
  --model-monitor-closed <account>
                                refuse this account's Model Monitor create calls, as AWS
                                does for new customers (repeatable)
  --faults <file.json>          a full fault configuration (see README)
`;

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n))
    throw new Error(`${flag} needs a number, got "${value}"`);
  return n;
}

function faultsFrom(values: Record<string, unknown>): FaultConfig {
  const config: FaultConfig = values.faults
    ? JSON.parse(readFileSync(String(values.faults), 'utf8'))
    : {};
  const rule: FaultRule = { ...config.default };
  const set = (key: keyof FaultRule, flag: string) => {
    const n = number(values[flag] as string | undefined, `--${flag}`);
    if (n !== undefined) (rule as Record<string, number>)[key] = n;
  };
  set('latencyMs', 'latency');
  set('jitterMs', 'jitter');
  set('errorRate', 'error-rate');
  set('throttleRate', 'throttle-rate');
  set('hangRate', 'hang-rate');
  set('nonAwsErrorRate', 'non-aws-error-rate');
  if (Object.keys(rule).length > 0) config.default = rule;
  const operation = (name: string, add: FaultRule) => {
    const current = config.operations?.[name];
    config.operations = {
      ...config.operations,
      [name]: {
        ...current,
        ...add,
        ...(add.omitFields
          ? { omitFields: [...(current?.omitFields ?? []), ...add.omitFields] }
          : {}),
      },
    };
  };
  for (const entry of (values['rate-limit'] as string[] | undefined) ?? []) {
    const [name, rate] = entry.split('=');
    const limit = number(rate, '--rate-limit');
    if (!name || limit === undefined)
      throw new Error(`--rate-limit needs Operation=n, got "${entry}"`);
    operation(name, { rateLimit: limit });
  }
  for (const name of (values['non-aws-error'] as string[] | undefined) ?? []) {
    operation(name, { nonAwsErrorRate: 1 });
  }
  for (const entry of (values['omit-field'] as string[] | undefined) ?? []) {
    const [name, path] = entry.split('=');
    if (!name || !path)
      throw new Error(`--omit-field needs Operation=path, got "${entry}"`);
    operation(name, { omitFields: [path] });
  }
  for (const account of (values['deny-account'] as string[] | undefined) ??
    []) {
    config.accounts = {
      ...config.accounts,
      [account]: { ...config.accounts?.[account], denied: true },
    };
  }
  const closed = values['model-monitor-closed'] as string[] | undefined;
  if (closed?.length) {
    config.modelMonitorClosedAccounts = [
      ...new Set([...(config.modelMonitorClosedAccounts ?? []), ...closed]),
    ];
  }
  if (values['aws-limits']) config.awsLimits = true;
  if (values['duplicate-list-metrics']) config.duplicateListMetrics = true;
  if (values['duplicate-alarm-events'] || values['out-of-order-alarm-events']) {
    config.alarmEvents = {
      ...config.alarmEvents,
      ...(values['duplicate-alarm-events'] ? { duplicate: true } : {}),
      ...(values['out-of-order-alarm-events'] ? { outOfOrder: true } : {}),
    };
  }
  return config;
}

function alarmEventsFrom(values: Record<string, unknown>) {
  if (values['no-alarm-events']) return false;
  const queueName = values['alarm-events-queue'] as string | undefined;
  const every = number(
    values['alarm-events-every'] as string | undefined,
    '--alarm-events-every',
  );
  if (queueName === undefined && every === undefined) return undefined;
  return {
    ...(queueName !== undefined ? { queueName } : {}),
    ...(every !== undefined ? { evaluateEverySeconds: every } : {}),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4566' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string', default: 'demo' },
      seed: { type: 'string' },
      models: { type: 'string' },
      features: { type: 'string' },
      schedules: { type: 'string' },
      'endpoint-transition-seconds': { type: 'string' },
      'aws-limits': { type: 'boolean' },
      'duplicate-list-metrics': { type: 'boolean' },
      'alarm-events-queue': { type: 'string' },
      'alarm-events-every': { type: 'string' },
      'no-alarm-events': { type: 'boolean' },
      'duplicate-alarm-events': { type: 'boolean' },
      'out-of-order-alarm-events': { type: 'boolean' },
      'model-monitor-closed': { type: 'string', multiple: true },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      'error-rate': { type: 'string' },
      'throttle-rate': { type: 'string' },
      'hang-rate': { type: 'string' },
      'rate-limit': { type: 'string', multiple: true },
      'deny-account': { type: 'string', multiple: true },
      'non-aws-error-rate': { type: 'string' },
      'non-aws-error': { type: 'string', multiple: true },
      'omit-field': { type: 'string', multiple: true },
      faults: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const scenario = values.scenario as ScenarioName;
  if (!SCENARIOS.includes(scenario))
    throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}`);
  const emulator = await startEmulator({
    port: number(values.port, '--port'),
    host: values.host,
    scenario,
    seed: values.seed,
    models: number(values.models, '--models'),
    features: number(values.features, '--features'),
    schedules: number(values.schedules, '--schedules'),
    endpointTransitionSeconds: number(
      values['endpoint-transition-seconds'],
      '--endpoint-transition-seconds',
    ),
    faults: faultsFrom(values),
    alarmEvents: alarmEventsFrom(values),
    log: message => process.stderr.write(`${message}\n`),
  });
  process.stdout.write(
    [
      `aws-ml-emulator listening on ${emulator.url} (scenario ${emulator.scenario}, seed ${emulator.seed})`,
      `Point the AWS SDK at it:`,
      `  export AWS_ENDPOINT_URL_SAGEMAKER=${emulator.url}`,
      `  export AWS_ENDPOINT_URL_CLOUDWATCH=${emulator.url}`,
      `(any credentials work; the access key id selects the account, e.g. AKIA123456789012EMU; STS: AWS_ENDPOINT_URL_STS=${emulator.url})`,
      `Control API: ${emulator.url}/__emulator/health, /stats, /faults, /clock, /alarms/evaluate, /sqs/messages`,
      ...(emulator.alarmEventsQueueUrl('123456789012', 'us-east-1')
        ? [
            `Alarm state change events: ${emulator.alarmEventsQueueUrl(
              '123456789012',
              'us-east-1',
            )} (and the same queue name in each account/region of the fleet)`,
          ]
        : []),
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping.\n`);
    emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch(error => {
  process.stderr.write(
    `aws-ml-emulator: ${(error as Error).message}\n${USAGE}`,
  );
  process.exit(1);
});
