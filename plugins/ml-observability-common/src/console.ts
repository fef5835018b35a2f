/**
 * Links to the AWS console for the resources a report shows. Pure string
 * building: nothing here calls AWS.
 */
import type { MetricDimension } from './metricsAnnotation';

/**
 * The console host of a region's partition: GovCloud and China have their
 * own consoles, every other region uses a regional aws.amazon.com host.
 * @public
 */
export function awsConsoleBaseUrl(region: string): string {
  if (region.startsWith('us-gov-'))
    return 'https://console.amazonaws-us-gov.com';
  if (region.startsWith('cn-')) return 'https://console.amazonaws.cn';
  return `https://${encodeURIComponent(region)}.console.aws.amazon.com`;
}

function serviceHome(
  service: 'cloudwatch' | 'sagemaker',
  region: string,
): string {
  const r = encodeURIComponent(region);
  return `${awsConsoleBaseUrl(region)}/${service}/home?region=${r}`;
}

/**
 * The CloudWatch console page of an alarm (metric or composite).
 * @public
 */
export function cloudWatchAlarmUrl(region: string, alarmName: string): string {
  return `${serviceHome(
    'cloudwatch',
    region,
  )}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

/**
 * The graph fragment of the CloudWatch metrics console uses a JSURL-like
 * encoding: `~(key~value)` objects, `~(~a~b)` arrays, `~'text` strings with
 * special characters written as `*XX` instead of `%XX`.
 */
function consoleEncode(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean')
    return `~${String(value)}`;
  if (typeof value === 'string') return `~'${escapeText(value)}`;
  if (Array.isArray(value)) return `~(${value.map(consoleEncode).join('')})`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `~(${entries
      .map(([k, v]) => `${escapeText(k)}${consoleEncode(v)}`)
      .join('~')})`;
  }
  return '~null';
}

function escapeText(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%/g, '*');
}

/**
 * The CloudWatch console graph of one metric.
 * @public
 */
export function cloudWatchMetricUrl(
  region: string,
  metric: {
    namespace: string;
    name: string;
    dimensions: MetricDimension[];
    stat?: string;
    periodSeconds?: number;
  },
): string {
  const line: unknown[] = [metric.namespace, metric.name];
  for (const d of metric.dimensions) line.push(d.name, d.value);
  const options: Record<string, unknown> = {};
  if (metric.stat) options.stat = metric.stat;
  if (metric.periodSeconds) options.period = metric.periodSeconds;
  if (Object.keys(options).length > 0) line.push(options);
  const graph = consoleEncode({
    view: 'timeSeries',
    stacked: false,
    region,
    metrics: [line],
  });
  return `${serviceHome('cloudwatch', region)}#metricsV2:graph=${graph}`;
}

/**
 * The SageMaker console page of an endpoint.
 * @public
 */
export function sageMakerEndpointUrl(
  region: string,
  endpointName: string,
): string {
  return `${serviceHome('sagemaker', region)}#/endpoints/${encodeURIComponent(
    endpointName,
  )}`;
}

/**
 * Where to look at a monitoring schedule in the console. The SageMaker
 * console has no stable page of its own for a schedule; it lists schedules
 * on their endpoint's page, so that is the link, or the endpoint list when
 * the endpoint is not known.
 * @public
 */
export function sageMakerMonitoringScheduleUrl(
  region: string,
  schedule: { name: string; endpointName?: string },
): string {
  return schedule.endpointName
    ? sageMakerEndpointUrl(region, schedule.endpointName)
    : `${serviceHome('sagemaker', region)}#/endpoints`;
}

/**
 * The SageMaker console page of a processing job (what a monitoring
 * execution runs as), from its name or ARN.
 * @public
 */
export function sageMakerProcessingJobUrl(
  region: string,
  jobNameOrArn: string,
): string {
  const name = jobNameOrArn.includes(':processing-job/')
    ? jobNameOrArn.slice(
        jobNameOrArn.indexOf(':processing-job/') + ':processing-job/'.length,
      )
    : jobNameOrArn;
  return `${serviceHome(
    'sagemaker',
    region,
  )}#/processing-jobs/${encodeURIComponent(name)}`;
}
