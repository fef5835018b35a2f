/*
 * A model served in several accounts or regions (endpoint ARNs) has items of the same name in each
 * place: the backend gives its drift and quality items their `accountId` and `region`, and the cards
 * say where each comes from, and keep the items apart.
 */
import type { EndpointInfo } from '@mlobs/backstage-plugin-ml-observability-common';

interface Placed {
  accountId?: string;
  region?: string;
}

/** True when the model's endpoints are in more than one account/region. */
export function spansPlaces(endpoints: EndpointInfo[]): boolean {
  return (
    new Set(endpoints.map(e => `${e.accountId ?? ''}/${e.region}`)).size > 1
  );
}

/** "210987654321 / eu-west-1", or undefined for an item with no place of its own. */
export function placeText(item: Placed): string | undefined {
  if (!item.region) return undefined;
  return [item.accountId, item.region].filter(Boolean).join(' / ');
}

/** A name with its place, for a chart's legend: `merchant_country (eu-west-1)`. */
export function withPlace(name: string, item: Placed): string {
  return item.region ? `${name} (${item.region})` : name;
}

/** The key telling an item apart from its namesakes on other endpoints and in other places. */
export function placedKey(
  name: string,
  item: Placed & { endpointName?: string },
): string {
  return [
    name,
    item.endpointName ?? '',
    item.accountId ?? '',
    item.region ?? '',
  ]
    .join('|')
    .replace(/\|+$/, '');
}

/** The account and region of a SageMaker ARN (a schedule's), when it is one. */
export function placeOfArn(arn: string | undefined): Placed {
  const match = /^arn:[^:]+:sagemaker:([^:]+):(\d{12}):/.exec(arn ?? '');
  return match ? { region: match[1], accountId: match[2] } : {};
}
