/**
 * Single-value rules for AWS names and ids. Each returns `undefined` when the
 * value is fine, or a description of what is allowed when it is not, so the
 * callers can name the field and the bad value themselves.
 */

/** AWS's rule for SageMaker endpoint names (CreateEndpoint API). */
export const ENDPOINT_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** CloudWatch namespaces: these characters only, 1–255 of them. */
const NAMESPACE_PATTERN = /^[0-9A-Za-z.\-_/#: ]{1,255}$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

export const ENDPOINT_NAME_RULE =
  'letters, digits and hyphens, 1–63 characters, starting and ending with a letter or digit (AWS SageMaker endpoint naming rule)';
export const ACCOUNT_ID_RULE = 'exactly 12 digits, e.g. 123456789012';
export const REGION_RULE =
  'an AWS region code such as us-east-1, eu-west-1 or us-gov-west-1';
export const TIME_ZONE_RULE =
  'an IANA time zone known to Intl, e.g. America/New_York, Europe/London or UTC';
export const NAMESPACE_RULE =
  'a CloudWatch namespace: 1–255 characters among letters, digits, space and . - _ / # :, not only spaces';
export const DIMENSION_NAME_RULE =
  'a non-empty dimension name of printable ASCII, at most 255 characters, not starting with ":"';
export const DIMENSION_VALUE_RULE =
  'a non-empty dimension value of printable ASCII, at most 1024 characters';
export const METRIC_NAME_RULE =
  'non-empty metric names of printable ASCII, at most 255 characters each';
export const PERIOD_RULE =
  'a period in seconds: 1, 5, 10, 20, 30 or a multiple of 60';

export function checkEndpointName(name: string): string | undefined {
  return ENDPOINT_NAME_PATTERN.test(name) ? undefined : ENDPOINT_NAME_RULE;
}

export function checkAccountId(id: string): string | undefined {
  return ACCOUNT_ID_PATTERN.test(id) ? undefined : ACCOUNT_ID_RULE;
}

export function checkRegion(region: string): string | undefined {
  return REGION_PATTERN.test(region) ? undefined : REGION_RULE;
}

/**
 * Returns the canonical spelling of a valid IANA time zone (Intl accepts any
 * case), or undefined when Intl does not know it.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!zone || zone.trim() !== zone) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
    }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function checkNamespace(namespace: string): string | undefined {
  return NAMESPACE_PATTERN.test(namespace) && namespace.trim() !== ''
    ? undefined
    : NAMESPACE_RULE;
}

export function checkDimensionName(name: string): string | undefined {
  return name.length <= 255 &&
    PRINTABLE_ASCII.test(name) &&
    name.trim() !== '' &&
    !name.startsWith(':')
    ? undefined
    : DIMENSION_NAME_RULE;
}

export function checkDimensionValue(value: string): string | undefined {
  return value.length <= 1024 &&
    PRINTABLE_ASCII.test(value) &&
    value.trim() !== ''
    ? undefined
    : DIMENSION_VALUE_RULE;
}

export function checkMetricName(name: string): string | undefined {
  return name.length <= 255 && PRINTABLE_ASCII.test(name) && name.trim() !== ''
    ? undefined
    : METRIC_NAME_RULE;
}

/** CloudWatch accepts high-resolution periods below a minute, else whole minutes. */
export function checkPeriod(text: string): string | undefined {
  if (!/^\d+$/.test(text)) return PERIOD_RULE;
  const seconds = Number(text);
  if ([1, 5, 10, 20, 30].includes(seconds)) return undefined;
  return seconds > 0 && seconds % 60 === 0 ? undefined : PERIOD_RULE;
}

/** Quotes a user value for an error message, cut short when long. */
export function quote(value: unknown): string {
  let text: string;
  if (value === undefined) return 'nothing';
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A schema issue's message: what was expected, and what was given (or that it is required). */
export const expecting =
  (expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined
      ? `required: expected ${expected}`
      : `expected ${expected}, got ${quote(issue.input)}`;
