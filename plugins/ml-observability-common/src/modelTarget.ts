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
  CustomMetricSource,
  parseMetricsAnnotation,
} from './metricsAnnotation';
import { parseRunbookLocation, RunbookLocation } from './runbookLocation';
import {
  canonicalTimeZone,
  checkAccountId,
  checkEndpointName,
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

function parseEndpoints(
  raw: string | undefined,
  errors: AnnotationError[],
): string[] {
  if (raw === undefined) return [];
  const names: string[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim();
    const rule = name
      ? checkEndpointName(name)
      : 'no empty names between commas';
    if (rule) {
      errors.push(
        invalid(
          ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
          name,
          name
            ? `has an invalid endpoint name ${quote(name)}`
            : `${quote(raw)} contains an empty endpoint name`,
          name ? rule : 'comma separated endpoint names with no empty entries',
        ),
      );
    } else if (!names.includes(name)) {
      names.push(name);
    }
  }
  return names;
}

/** Checks a value that may come from the annotation or from config. */
function resolveChecked(
  annotation: string,
  fromAnnotation: string | undefined,
  fromDefault: string | undefined,
  check: (value: string) => string | undefined,
  errors: AnnotationError[],
): string | undefined {
  const value = fromAnnotation?.trim() ?? fromDefault;
  if (value === undefined) return undefined;
  const rule = check(value);
  if (rule) {
    const origin = fromAnnotation !== undefined ? '' : ' (config default)';
    errors.push(
      invalid(annotation, value, `${quote(value)}${origin} is not valid`, rule),
    );
    return undefined;
  }
  return value;
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
  const annotations = annotationsOf(entity);
  const errors: AnnotationError[] = [];
  const get = (name: string): string | undefined => {
    const value: unknown = annotations[name];
    if (typeof value === 'string') return value;
    // Unquoted YAML numbers (an account id) still mean what they say.
    if (typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    return undefined;
  };

  const endpointRaw = get(ANNOTATION_SAGEMAKER_ENDPOINT_NAME);
  const endpointNames = parseEndpoints(endpointRaw, errors);

  const metricsRaw = get(ANNOTATION_ML_METRICS);
  let metricSources: CustomMetricSource[] = [];
  if (metricsRaw !== undefined) {
    const parsed = parseMetricsAnnotation(metricsRaw);
    if (parsed.ok) {
      metricSources = parsed.sources;
    } else {
      for (const p of parsed.problems) {
        errors.push(
          invalid(ANNOTATION_ML_METRICS, p.value, p.message, p.allowed),
        );
      }
    }
  }
  if (endpointRaw === undefined && metricsRaw === undefined) {
    errors.push({
      annotation: ANNOTATION_SAGEMAKER_ENDPOINT_NAME,
      code: 'missing',
      message: `a model needs ${ANNOTATION_SAGEMAKER_ENDPOINT_NAME} or ${ANNOTATION_ML_METRICS} so there is something to observe`,
      allowed: `${ANNOTATION_SAGEMAKER_ENDPOINT_NAME}: <endpoint>[,<endpoint>] or ${ANNOTATION_ML_METRICS}: namespace=<ns>,<Dimension>=<value>`,
    });
  }

  const accountId = resolveChecked(
    ANNOTATION_AWS_ACCOUNT_ID,
    get(ANNOTATION_AWS_ACCOUNT_ID),
    defaults.accountId,
    checkAccountId,
    errors,
  );
  const regionRaw = get(ANNOTATION_AWS_REGION);
  const region = resolveChecked(
    ANNOTATION_AWS_REGION,
    regionRaw,
    defaults.region,
    checkRegion,
    errors,
  );
  if (regionRaw === undefined && defaults.region === undefined) {
    errors.push({
      annotation: ANNOTATION_AWS_REGION,
      code: 'missing',
      message: `${ANNOTATION_AWS_REGION} is not set and no default region is configured`,
      allowed: REGION_RULE,
    });
  }

  const zoneRaw = get(ANNOTATION_ML_TIME_ZONE);
  let timeZone: string | undefined;
  const zoneValue = zoneRaw ?? defaults.timeZone;
  if (zoneValue !== undefined) {
    timeZone = canonicalTimeZone(zoneValue);
    if (!timeZone) {
      const origin = zoneRaw !== undefined ? '' : ' (config default)';
      errors.push(
        invalid(
          ANNOTATION_ML_TIME_ZONE,
          zoneValue,
          `${quote(zoneValue)}${origin} is not a time zone Intl knows`,
          TIME_ZONE_RULE,
        ),
      );
    }
  }

  const runbookRaw = get(ANNOTATION_ML_RUNBOOK);
  let runbook: RunbookLocation | undefined;
  if (runbookRaw !== undefined) {
    const parsed = parseRunbookLocation(runbookRaw);
    if (parsed.ok) runbook = parsed.location;
    else
      errors.push(
        invalid(
          ANNOTATION_ML_RUNBOOK,
          runbookRaw,
          parsed.problem,
          parsed.allowed,
        ),
      );
  }

  const onCall: OnCallRef[] = [];
  const pagerDuty = get(ANNOTATION_PAGERDUTY_SERVICE_ID);
  if (pagerDuty !== undefined) {
    if (/^[A-Za-z0-9]{1,64}$/.test(pagerDuty.trim())) {
      onCall.push({ provider: 'pagerduty', id: pagerDuty.trim() });
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
    if (opsgenie.trim() !== '')
      onCall.push({ provider: 'opsgenie', id: opsgenie.trim() });
    else
      errors.push(
        invalid(
          ANNOTATION_OPSGENIE_TEAM,
          opsgenie,
          'is empty',
          'an Opsgenie team name',
        ),
      );
  }

  if (errors.length > 0 || region === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: {
      endpointNames,
      ...(accountId !== undefined ? { accountId } : {}),
      region,
      metricSources,
      ...(runbook ? { runbook } : {}),
      ...(timeZone ? { timeZone } : {}),
      onCall,
    },
  };
}
