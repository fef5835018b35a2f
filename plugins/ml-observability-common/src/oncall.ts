import type { OnCallRef } from './annotations';
import type { OnCallLink } from './types';

/**
 * URL templates for on-call links; `{id}` is replaced by the URL-encoded id.
 * @public
 */
export interface OnCallUrlTemplates {
  /** Default `https://app.pagerduty.com/service-directory/{id}`. */
  pagerduty?: string;
  /**
   * No default: the Opsgenie annotation holds a team name, and Opsgenie's
   * team pages are addressed by id, so only a site-specific template (for
   * example a search page of your Opsgenie domain) can give a working link.
   */
  opsgenie?: string;
}

/** @public */
export const DEFAULT_PAGERDUTY_URL_TEMPLATE =
  'https://app.pagerduty.com/service-directory/{id}';

/**
 * On-call links for a model's PagerDuty / Opsgenie annotations. A link
 * without a template has no url and is shown as plain text.
 * @public
 */
export function onCallLinks(
  refs: OnCallRef[],
  templates: OnCallUrlTemplates = {},
): OnCallLink[] {
  return refs.map(ref => {
    const template =
      ref.provider === 'pagerduty'
        ? templates.pagerduty ?? DEFAULT_PAGERDUTY_URL_TEMPLATE
        : templates.opsgenie;
    return template
      ? { ...ref, url: template.replace(/\{id\}/g, encodeURIComponent(ref.id)) }
      : { ...ref };
  });
}
