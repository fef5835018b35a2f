/**
 * Runbooks of the `actions` part: valid ones with structured actions for
 * demo endpoints, and the malformed action blocks a careless runbook author
 * writes (each breaking one field, which the validation must name).
 */

const HEAD = (model: string) => `model_name: ${model}
owner: ml-platform-team
monitoring_config:
  data_quality:
    frequency: every hour
    alert_threshold: 0.3
    escalation_path: [ml-engineer, team-lead]
incident_response:
`;

const rule = (level: number, immediate: string, action?: string) =>
  `  severity_${level}:
    condition: Condition ${level}
    immediate_action: ${immediate}
    notification: Page on-call engineer
    timeline: Resolve within 1 hour
${action ? `    action: ${action}\n` : ''}`;

/** recommendation-engine-prod: AllTraffic (1) and popularity-fallback (0). */
export const RECOMMENDER_RUNBOOK =
  HEAD('rel-actions-recommender') +
  rule(
    1,
    'Switch to the popularity fallback',
    '{ type: shift-traffic, to_variant: popularity-fallback }',
  ) +
  rule(
    2,
    'Switch to a variant the endpoint does not have',
    '{ type: shift-traffic, to_variant: champion-v9 }',
  );

/** search-ranking-prod: champion (0.9) and challenger (0.1). */
export const SEARCH_RUNBOOK =
  HEAD('rel-actions-search') +
  rule(
    1,
    'Shift all traffic to the challenger',
    '{ type: shift-traffic, to_variant: challenger }',
  );

/** A valid runbook of a malformed-action model before its author edits severity_2. */
export const validBefore = (model: string) =>
  HEAD(model) +
  rule(1, 'Mute the alarms', "{ type: mute-alarms, duration: '30 minutes' }") +
  rule(2, 'Investigate');

export interface MalformedAction {
  /** Model name (and runbook file name). */
  model: string;
  problem: string;
  action: string;
  /** The runbook path a validation message must name. */
  field: string;
}

export const MALFORMED_ACTIONS: MalformedAction[] = [
  {
    model: 'rel-actions-bad-type',
    problem: 'an unknown type',
    action: '{ type: restart-endpoint }',
    field: 'incident_response.severity_2.action',
  },
  {
    model: 'rel-actions-bad-weight',
    problem: 'weight 1.5',
    action:
      '{ type: shift-traffic, to_variant: popularity-fallback, weight: 1.5 }',
    field: 'incident_response.severity_2.action.weight',
  },
  {
    model: 'rel-actions-bad-variant',
    problem: 'an empty to_variant',
    action: "{ type: shift-traffic, to_variant: '' }",
    field: 'incident_response.severity_2.action.to_variant',
  },
  {
    model: 'rel-actions-bad-duration',
    problem: 'duration "forever"',
    action: '{ type: mute-alarms, duration: forever }',
    field: 'incident_response.severity_2.action.duration',
  },
  {
    model: 'rel-actions-bad-alarms',
    problem: 'alarms: []',
    action: "{ type: mute-alarms, duration: '30 minutes', alarms: [] }",
    field: 'incident_response.severity_2.action.alarms',
  },
];

/** The runbook after the edit: severity_2 gets the malformed action block. */
export const malformed = (m: MalformedAction) =>
  HEAD(m.model) +
  rule(1, 'Mute the alarms', "{ type: mute-alarms, duration: '30 minutes' }") +
  rule(2, 'Investigate', m.action);
