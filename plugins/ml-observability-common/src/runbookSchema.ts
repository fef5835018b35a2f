import { z } from 'zod';
import { FREQUENCY_RULE, parseFrequency } from './schedule';
import { runbookActionSchema } from './runbookActions';
import { expecting, quote } from './validators';

/**
 * Zod schema of the runbook format (DESIGN.md §3). Keys are snake_case as
 * written in the YAML; fields not listed here are kept, not refused, so teams
 * can add their own notes.
 */

const text = (expected: string) =>
  z
    .string({ error: expecting(expected) })
    .trim()
    .min(1);

const numberBetween = (min: number, max: number, expected: string) =>
  z
    .number({ error: expecting(expected) })
    .min(min)
    .max(max);

const PERCENT_OR_FRACTION =
  'a number between 0 and 100 (a percent like 92.0, or a fraction like 0.92)';

export const severityRuleSchema = z.looseObject(
  {
    condition: text('a condition as text, such as "Model accuracy < 85%"'),
    immediate_action: text('the first action to take, as text'),
    notification: text('who is notified and how, as text'),
    timeline: text(
      'the time to resolve, as text, such as "Resolve within 1 hour"',
    ),
    action: runbookActionSchema.optional(),
  },
  {
    error: expecting(
      'a mapping with condition, immediate_action, notification and timeline',
    ),
  },
);

const metricThresholdSchema = z.looseObject(
  {
    business_hours_threshold: z.number({
      error: expecting("a number (the metric's own unit)"),
    }),
    off_hours_threshold: z.number({
      error: expecting("a number (the metric's own unit)"),
    }),
  },
  {
    error: expecting(
      'a mapping with business_hours_threshold and off_hours_threshold',
    ),
  },
);

const dataQualitySchema = z.looseObject(
  {
    frequency: text(FREQUENCY_RULE).refine(
      v => parseFrequency(v) !== undefined,
      {
        error: issue => `expected ${FREQUENCY_RULE}, got ${quote(issue.input)}`,
      },
    ),
    alert_threshold: numberBetween(0, 1, 'a number between 0 and 1'),
    escalation_path: z
      .array(text('a non-empty name (a role, user or group)'), {
        error: expecting('a list of names, first responder first'),
      })
      .min(1, { error: 'expected at least one name in the escalation path' }),
  },
  {
    error: expecting(
      'a mapping with frequency, alert_threshold and escalation_path',
    ),
  },
);

const modelPerformanceSchema = z.looseObject(
  {
    metrics: z
      .array(text('a metric name such as accuracy or rmse'), {
        error: expecting(
          'a list of metric names such as ["accuracy", "f1_score"]',
        ),
      })
      .min(1, { error: 'expected at least one metric' }),
    business_hours_threshold: numberBetween(0, 100, PERCENT_OR_FRACTION),
    off_hours_threshold: numberBetween(0, 100, PERCENT_OR_FRACTION),
    metric_thresholds: z
      .record(z.string(), metricThresholdSchema, {
        error: expecting('a mapping from metric name to its thresholds'),
      })
      .optional(),
  },
  {
    error: expecting(
      'a mapping with metrics, business_hours_threshold and off_hours_threshold',
    ),
  },
);

const biasThresholdSchema = z
  .looseObject(
    {
      min: z.number({ error: expecting('a number') }).optional(),
      max: z.number({ error: expecting('a number') }).optional(),
      abs_max: z
        .number({ error: expecting('a number of at least 0') })
        .min(0, { error: 'expected a number of at least 0' })
        .optional(),
    },
    { error: expecting('a mapping with min, max or abs_max') },
  )
  .superRefine((bounds, ctx) => {
    if (
      bounds.min === undefined &&
      bounds.max === undefined &&
      bounds.abs_max === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected at least one of min, max and abs_max',
      });
    } else if (
      bounds.min !== undefined &&
      bounds.max !== undefined &&
      bounds.min > bounds.max
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: `expected min (${bounds.min}) to be at most max (${bounds.max})`,
      });
    }
  });

const biasSchema = z.looseObject(
  {
    metrics: z
      .record(
        text('a bias metric name such as DPPL or DI'),
        biasThresholdSchema,
        {
          error: expecting(
            'a mapping from bias metric name (DPPL, DI, ...) to its bounds',
          ),
        },
      )
      .refine(m => Object.keys(m).length > 0, {
        error: 'expected at least one bias metric',
      }),
  },
  { error: expecting('a mapping with metrics') },
);

const SEVERITY_KEY = /^severity_([1-9]\d*)$/;

const incidentResponseSchema = z
  .record(z.string(), z.unknown(), {
    error: expecting('a mapping of severity_1, severity_2, ... rules'),
  })
  .superRefine((rules, ctx) => {
    let count = 0;
    for (const [key, value] of Object.entries(rules)) {
      if (SEVERITY_KEY.test(key)) {
        count++;
        const result = severityRuleSchema.safeParse(value);
        if (!result.success) {
          for (const issue of result.error.issues) {
            ctx.addIssue({
              code: 'custom',
              path: [key, ...issue.path],
              message: issue.message,
            });
          }
        }
      } else if (/^sev/i.test(key)) {
        // Catch typos like severity1 or severity_one instead of dropping the rule.
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `expected a key named severity_<N> with N a whole number from 1, got ${quote(
            key,
          )}`,
        });
      }
    }
    if (count === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected at least one rule named severity_1, severity_2, ...',
      });
    }
  })
  .transform(rules => {
    // Rebuild with severity rules first, most severe (lowest N) first, so
    // every consumer iterates them in order of urgency.
    const severities = Object.keys(rules)
      .filter(key => SEVERITY_KEY.test(key))
      .sort((a, b) => severityLevel(a)! - severityLevel(b)!);
    const sorted: Record<string, unknown> = {};
    for (const key of severities) {
      const parsed = severityRuleSchema.safeParse(rules[key]);
      sorted[key] = parsed.success ? parsed.data : rules[key];
    }
    for (const [key, value] of Object.entries(rules)) {
      if (!(key in sorted)) sorted[key] = value;
    }
    return sorted;
  });

export const runbookSchema = z.looseObject(
  {
    model_name: text('the model name, as text'),
    owner: text('the owning team or entity reference, as text'),
    monitoring_config: z.looseObject(
      {
        data_quality: dataQualitySchema,
        model_performance: modelPerformanceSchema.optional(),
        bias: biasSchema.optional(),
      },
      { error: expecting('a mapping with data_quality and model_performance') },
    ),
    incident_response: incidentResponseSchema,
  },
  {
    error: expecting(
      'a YAML mapping with model_name, owner, monitoring_config and incident_response',
    ),
  },
);

export function severityLevel(key: string): number | undefined {
  const match = SEVERITY_KEY.exec(key);
  return match ? Number(match[1]) : undefined;
}
