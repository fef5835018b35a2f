import { z } from 'zod';
import { expecting, quote } from './validators';

/**
 * Structured runbook actions: what a severity rule's first action does, next
 * to its `immediate_action` text, so the portal can plan it, run it and undo it.
 *
 * ```yaml
 * severity_1:
 *   immediate_action: 'Switch to the popularity-based fallback'
 *   action:
 *     type: shift-traffic
 *     to_variant: popularity-fallback   # a production variant of the model's endpoint
 *     weight: 1                         # share of the traffic it gets, (0, 1]; default 1 (all)
 * ```
 */

/** The action types a runbook may declare. @public */
export const RUNBOOK_ACTION_TYPES = [
  'shift-traffic',
  'start-pipeline',
  'mute-alarms',
] as const;

/** @public */
export type RunbookActionType = (typeof RUNBOOK_ACTION_TYPES)[number];

/** Shortest and longest mute window a runbook may ask for, in minutes. */
export const MUTE_MINUTES = { min: 5, max: 24 * 60 } as const;

const DURATION = /^(\d+)\s*(m|min|mins|minutes?|h|hours?)$/i;

/** "30 minutes", "2 hours", "90m", "1h" → minutes; undefined when unreadable. @public */
export function parseActionDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  return match[2].toLowerCase().startsWith('h') ? n * 60 : n;
}

const name = (expected: string) =>
  z
    .string({ error: expecting(expected) })
    .trim()
    .min(1, { error: `expected ${expected}, got an empty text` });

const shiftTrafficSchema = z.looseObject({
  type: z.literal('shift-traffic'),
  to_variant: name('the name of a production variant of the endpoint'),
  weight: z
    .number({
      error: expecting(
        'the share of traffic for the variant, above 0 and at most 1',
      ),
    })
    .gt(0, { error: 'expected a share of traffic above 0 (1 is all of it)' })
    .max(1, {
      error: 'expected a share of traffic of at most 1 (1 is all of it)',
    })
    .optional(),
  endpoint: name("the endpoint name, one of the model's endpoints").optional(),
});

const parameterValue = z.union([z.string(), z.number(), z.boolean()], {
  error: expecting('a text, number or boolean'),
});

const startPipelineSchema = z.looseObject({
  type: z.literal('start-pipeline'),
  pipeline: name('a SageMaker pipeline name or ARN'),
  parameters: z
    .record(z.string(), parameterValue, {
      error: expecting('a mapping of pipeline parameter names to values'),
    })
    .optional(),
});

const muteAlarmsSchema = z.looseObject({
  type: z.literal('mute-alarms'),
  duration: name('a duration such as "30 minutes" or "2 hours"').refine(
    text => {
      const minutes = parseActionDuration(text);
      return (
        minutes !== undefined &&
        minutes >= MUTE_MINUTES.min &&
        minutes <= MUTE_MINUTES.max
      );
    },
    {
      error: issue =>
        `expected a duration from 5 minutes to 24 hours such as "30 minutes" or "2 hours", got ${quote(
          issue.input,
        )}`,
    },
  ),
  alarms: z
    .array(name('an alarm name'), {
      error: expecting("a list of the model's alarm names"),
    })
    .min(1, {
      error: 'expected at least one alarm name (or leave alarms out for all)',
    })
    .max(100, { error: 'expected at most 100 alarm names' })
    .optional(),
});

export const runbookActionSchema = z.discriminatedUnion(
  'type',
  [shiftTrafficSchema, startPipelineSchema, muteAlarmsSchema],
  {
    error: issue =>
      issue.input === undefined || typeof issue.input !== 'object'
        ? `expected a mapping with type ${RUNBOOK_ACTION_TYPES.join(', ')}`
        : `expected type to be one of ${RUNBOOK_ACTION_TYPES.join(
            ', ',
          )}, got ${quote((issue.input as { type?: unknown }).type)}`,
  },
);

/** A runbook action as written in the YAML. @public */
export type RunbookAction = z.infer<typeof runbookActionSchema>;

/** A severity rule's structured action, as the API serves it. @public */
export type SeverityAction =
  | {
      id: string;
      type: 'shift-traffic';
      label: string;
      toVariant: string;
      /** Share of the endpoint's traffic for the variant after the shift, (0, 1]. */
      weight: number;
      endpoint?: string;
    }
  | {
      id: string;
      type: 'start-pipeline';
      label: string;
      pipeline: string;
      /** Pipeline parameters, as the strings SageMaker takes. */
      parameters: Record<string, string>;
    }
  | {
      id: string;
      type: 'mute-alarms';
      label: string;
      durationMinutes: number;
      /** Alarm names; absent for all of the model's alarms. */
      alarms?: string[];
    };

function durationText(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  return `${minutes} minutes`;
}

/** The action of severity rule `level` in the API's form; its id is `severity-<level>`. @public */
export function severityActionOf(
  level: number,
  action: RunbookAction,
): SeverityAction {
  const id = `severity-${level}`;
  switch (action.type) {
    case 'shift-traffic': {
      const weight = action.weight ?? 1;
      return {
        id,
        type: action.type,
        label:
          weight === 1
            ? `Shift traffic to ${action.to_variant}`
            : `Shift ${Math.round(weight * 100)}% of traffic to ${
                action.to_variant
              }`,
        toVariant: action.to_variant,
        weight,
        ...(action.endpoint ? { endpoint: action.endpoint } : {}),
      };
    }
    case 'start-pipeline':
      return {
        id,
        type: action.type,
        label: `Start pipeline ${action.pipeline.replace(
          /^arn:.*:pipeline\//,
          '',
        )}`,
        pipeline: action.pipeline,
        parameters: Object.fromEntries(
          Object.entries(action.parameters ?? {}).map(([k, v]) => [
            k,
            String(v),
          ]),
        ),
      };
    default: {
      const durationMinutes = parseActionDuration(action.duration)!;
      return {
        id,
        type: action.type,
        label: `Mute ${
          action.alarms ? 'the listed alarms' : 'the alarms'
        } for ${durationText(durationMinutes)}`,
        durationMinutes,
        ...(action.alarms ? { alarms: [...action.alarms] } : {}),
      };
    }
  }
}
