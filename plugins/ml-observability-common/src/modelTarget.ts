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
  AnnotationError,
  annotationsOf,
  ModelAnnotationDefaults,
  ModelTarget,
  OnCallRef,
} from './annotations';
import {
  ENDPOINT_REF_FORMS,
  endpointPlacementKey,
  ModelEndpoint,
  parseEndpointRef,
} from './endpointRef';
import {
  CustomMetricSource,
  parseMetricsAnnotation,
} from './metricsAnnotation';
import { parseRunbookLocation, RunbookLocation } from './runbookLocation';
import {
  canonicalTimeZone,
  checkAccountId,
  checkRegion,
  quote,
  REGION_RULE,
  TIME_ZONE_RULE,
} from './validators';

function invalid(
  annotation: string,
  value: string,
  problem: string,
  allowed: string,
): AnnotationError {
  return {
    annotation,
    code: 'invalid',
    value,
    message: `${annotation} ${problem}; expected ${allowed}`,
    allowed,
  };
}

/** A value read from the annotations, with the problems found reading it. */
interface Checked<T> {
  value: T;
  errors: AnnotationError[];
}

type Read = (name: string) => string | undefined;

/** The annotations as strings: unquoted YAML numbers (an account id) still mean what they say. */
function reader(entity: Entity): Read {
  const annotations = annotationsOf(entity);
  return name => {
    const value: unknown = annotations[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    return undefined;
  };
}

/** An entry of the endpoint annotation: its name, and where an ARN says it is served. */
interface EndpointEntry {
  name: string;
  arn?: { text: string; accountId: string; region: string };
}

function parseEndpoints(raw: string | undefined): Checked<EndpointEntry[]> {
  const errors: AnnotationError[] = [];
  if (raw === undefined) return { value: [], errors };
  const entries: EndpointEntry[] = [];
  for (const part of raw.split(',')) {
    const text = part.trim();
    if (!text) {
      errors.push(
        invalid(
          ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
          text,
          `${quote(raw)} contains an empty endpoint name`,
          `comma separated entries with no empty entries, each ${ENDPOINT_REF_FORMS}`,
        ),
      );
      continue;
    }
    const parsed = parseEndpointRef(text);
    if (!parsed.ok) {
      errors.push(
        invalid(
          ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
          text,
          `has an invalid ${parsed.part}: ${parsed.problem}`,
          ENDPOINT_REF_FORMS,
        ),
      );
      continue;
    }
    entries.push(
      parsed.arn
        ? {
            name: parsed.arn.name,
            arn: {
              text,
              accountId: parsed.arn.accountId,
              region: parsed.arn.region,
            },
          }
        : { name: text },
    );
  }
  return { value: entries, errors };
}

/**
 * Where each entry is served: an ARN's account and region, else the model's.
 * The same endpoint written twice (a name and its ARN, or in another case) is kept once.
 */
function placeEndpoints(
  entries: EndpointEntry[],
  home: { accountId?: string; region: string },
): { endpoints: ModelEndpoint[]; endpointNames: string[] } {
  const endpoints = new Map<string, ModelEndpoint>();
  for (const entry of entries) {
    const endpoint: ModelEndpoint = entry.arn
      ? {
          name: entry.name,
          accountId: entry.arn.accountId,
          region: entry.arn.region,
          arn: entry.arn.text,
        }
      : {
          name: entry.name,
          ...(home.accountId ? { accountId: home.accountId } : {}),
          region: home.region,
        };
    const key = endpointPlacementKey(endpoint);
    if (!endpoints.has(key)) endpoints.set(key, endpoint);
  }
  const placed = [...endpoints.values()];
  return {
    endpoints: placed,
    endpointNames: [...new Set(placed.map(e => e.name))],
  };
}

function parseMetrics(raw: string | undefined): Checked<CustomMetricSource[]> {
  if (raw === undefined) return { value: [], errors: [] };
  const parsed = parseMetricsAnnotation(raw);
  if (parsed.ok) return { value: parsed.sources, errors: [] };
  return {
    value: [],
    errors: parsed.problems.map(p =>
      invalid(ANNOTATION_ML_METRICS, p.value, p.message, p.allowed),
    ),
  };
}

/** What a model observes: its endpoints and custom metrics; at least one of the two annotations. */
function parseObserved(get: Read): Checked<{
  endpoints: EndpointEntry[];
  metricSources: CustomMetricSource[];
}> {
  const endpointRaw = get(ANNOTATION_SAGEMAKER_ENDPOINT_NAME);
  const metricsRaw = get(ANNOTATION_ML_METRICS);
  const endpoints = parseEndpoints(endpointRaw);
  const metrics = parseMetrics(metricsRaw);
  const errors = [...endpoints.errors, ...metrics.errors];
  if (endpointRaw === undefined && metricsRaw === undefined) {
    errors.push({
      annotation: ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
      code: 'missing',
      message: `a model needs ${ANNOTATION_SAGEMAKER_ENDPOINT_NAME} or ${ANNOTATION_ML_METRICS} so there is something to observe`,
      allowed: `${ANNOTATION_SAGEMAKER_ENDPOINT_NAME}: <endpoint name or ARN>[,...] or ${ANNOTATION_ML_METRICS}: namespace=<ns>,<Dimension>=<value>`,
    });
  }
  return {
    value: { endpoints: endpoints.value, metricSources: metrics.value },
    errors,
  };
}

/** Checks a value that may come from the annotation or from config. */
function resolveChecked(
  annotation: string,
  fromAnnotation: string | undefined,
  fromDefault: string | undefined,
  check: (value: string) => string | undefined,
): Checked<string | undefined> {
  const value = fromAnnotation?.trim() ?? fromDefault;
  if (value === undefined) return { value: undefined, errors: [] };
  const rule = check(value);
  if (rule) {
    const origin = fromAnnotation !== undefined ? '' : ' (config default)';
    return {
      value: undefined,
      errors: [
        invalid(
          annotation,
          value,
          `${quote(value)}${origin} is not valid`,
          rule,
        ),
      ],
    };
  }
  return { value, errors: [] };
}

function parseRegion(
  get: Read,
  defaults: ModelAnnotationDefaults,
): Checked<string | undefined> {
  const regionRaw = get(ANNOTATION_AWS_REGION);
  const region = resolveChecked(
    ANNOTATION_AWS_REGION,
    regionRaw,
    defaults.region,
    checkRegion,
  );
  if (regionRaw !== undefined || defaults.region !== undefined) return region;
  return {
    value: undefined,
    errors: [
      ...region.errors,
      {
        annotation: ANNOTATION_AWS_REGION,
        code: 'missing',
        message: `${ANNOTATION_AWS_REGION} is not set and no default region is configured`,
        allowed: REGION_RULE,
      },
    ],
  };
}

function parseTimeZone(
  get: Read,
  defaults: ModelAnnotationDefaults,
): Checked<string | undefined> {
  const zoneRaw = get(ANNOTATION_ML_TIME_ZONE);
  const zoneValue = zoneRaw ?? defaults.timeZone;
  if (zoneValue === undefined) return { value: undefined, errors: [] };
  const timeZone = canonicalTimeZone(zoneValue);
  if (timeZone) return { value: timeZone, errors: [] };
  const origin = zoneRaw !== undefined ? '' : ' (config default)';
  return {
    value: undefined,
    errors: [
      invalid(
        ANNOTATION_ML_TIME_ZONE,
        zoneValue,
        `${quote(zoneValue)}${origin} is not a time zone Intl knows`,
        TIME_ZONE_RULE,
      ),
    ],
  };
}

function parseRunbook(get: Read): Checked<RunbookLocation | undefined> {
  const runbookRaw = get(ANNOTATION_ML_RUNBOOK);
  if (runbookRaw === undefined) return { value: undefined, errors: [] };
  const parsed = parseRunbookLocation(runbookRaw);
  if (parsed.ok) return { value: parsed.location, errors: [] };
  return {
    value: undefined,
    errors: [
      invalid(
        ANNOTATION_ML_RUNBOOK,
        runbookRaw,
        parsed.problem,
        parsed.allowed,
      ),
    ],
  };
}

function parseOnCall(get: Read): Checked<OnCallRef[]> {
  const value: OnCallRef[] = [];
  const errors: AnnotationError[] = [];
  const pagerDuty = get(ANNOTATION_PAGERDUTY_SERVICE_ID);
  if (pagerDuty !== undefined) {
    if (/^[A-Za-z0-9]{1,64}$/.test(pagerDuty.trim())) {
      value.push({ provider: 'pagerduty', id: pagerDuty.trim() });
    } else {
      errors.push(
        invalid(
          ANNOTATION_PAGERDUTY_SERVICE_ID,
          pagerDuty,
          `${quote(pagerDuty)} is not a PagerDuty service id`,
          'a PagerDuty service id of letters and digits, e.g. PFRAUD2',
        ),
      );
    }
  }
  const opsgenie = get(ANNOTATION_OPSGENIE_TEAM);
  if (opsgenie !== undefined) {
    if (opsgenie.trim() !== '') {
      value.push({ provider: 'opsgenie', id: opsgenie.trim() });
    } else {
      errors.push(
        invalid(
          ANNOTATION_OPSGENIE_TEAM,
          opsgenie,
          'is empty',
          'an Opsgenie team name',
        ),
      );
    }
  }
  return { value, errors };
}

/**
 * Resolves a model's annotations into a {@link ModelTarget}, or every problem
 * found, each naming the annotation, the bad value and what is allowed.
 * Never throws, whatever the entity holds.
 * @public
 */
export function parseModelAnnotations(
  entity: Entity,
  defaults: ModelAnnotationDefaults = {},
): { ok: true; value: ModelTarget } | { ok: false; errors: AnnotationError[] } {
  const get = reader(entity);
  const observed = parseObserved(get);
  // A model whose annotations name neither account nor region lives where its first ARN points.
  const firstArn = observed.value.endpoints.find(e => e.arn)?.arn;
  const namesHome =
    get(ANNOTATION_AWS_ACCOUNT_ID) !== undefined ||
    get(ANNOTATION_AWS_REGION) !== undefined;
  const homeDefaults: ModelAnnotationDefaults = {
    ...defaults,
    ...(firstArn && !namesHome
      ? { accountId: firstArn.accountId, region: firstArn.region }
      : {}),
  };
  const accountId = resolveChecked(
    ANNOTATION_AWS_ACCOUNT_ID,
    get(ANNOTATION_AWS_ACCOUNT_ID),
    homeDefaults.accountId,
    checkAccountId,
  );
  const region = parseRegion(get, homeDefaults);
  const timeZone = parseTimeZone(get, defaults);
  const runbook = parseRunbook(get);
  const onCall = parseOnCall(get);
  // In this order, so problems read top to bottom as the annotations usually do.
  const errors = [
    observed,
    accountId,
    region,
    timeZone,
    runbook,
    onCall,
  ].flatMap(step => step.errors);
  if (errors.length > 0 || region.value === undefined) {
    return { ok: false, errors };
  }
  const placed = placeEndpoints(observed.value.endpoints, {
    accountId: accountId.value,
    region: region.value,
  });
  return {
    ok: true,
    value: {
      endpointNames: placed.endpointNames,
      endpoints: placed.endpoints,
      metricSources: observed.value.metricSources,
      ...(accountId.value !== undefined ? { accountId: accountId.value } : {}),
      region: region.value,
      ...(runbook.value ? { runbook: runbook.value } : {}),
      ...(timeZone.value ? { timeZone: timeZone.value } : {}),
      onCall: onCall.value,
    },
  };
}
