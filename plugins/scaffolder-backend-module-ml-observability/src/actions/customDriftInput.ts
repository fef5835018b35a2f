import { InputError } from '@backstage/errors';
import type { z as zod } from 'zod/v3';
import type { CustomDriftInput } from '../alarms/types';

const NAME = /^[^\s:,;=][^,;]{0,254}$/;
const DEFAULT_MAX_FEATURES = 100;
const DEFAULT_PERIOD_SECONDS = 300;

/** The action input describing a drift job of the model's own (no Model Monitor). */
export const customDriftInput = (z: typeof zod) =>
  z
    .object({
      namespace: z
        .string()
        .regex(NAME)
        .describe('CloudWatch namespace the drift job publishes to'),
      dimensions: z
        .record(z.string().min(1).max(1024))
        .optional()
        .describe(
          "The model's dimensions every drift metric carries, e.g. { ModelName: fraud-detection-v3 }",
        ),
      featureDimension: z
        .string()
        .regex(NAME)
        .optional()
        .describe(
          'Dimension shape: the name of the dimension holding the feature (e.g. Feature)',
        ),
      metricName: z
        .string()
        .regex(NAME)
        .optional()
        .describe(
          'Dimension shape: the drift score metric. Default: drift_score',
        ),
      metricPrefix: z
        .string()
        .regex(NAME)
        .optional()
        .describe(
          'Name-pattern shape: metrics named <prefix><feature>, e.g. feature_drift_',
        ),
      shape: z
        .enum(['dimension', 'pattern'])
        .optional()
        .describe(
          'Which of featureDimension and metricPrefix applies, for callers (templates) that pass both. Default: the one given',
        ),
      features: z
        .array(z.string().min(1).max(1024))
        .optional()
        .describe('Features to alarm on. Default: every one published'),
      maxFeatures: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .optional()
        .describe(
          `At most this many features get alarms (by name). Default: ${DEFAULT_MAX_FEATURES}`,
        ),
      periodSeconds: z
        .number()
        .int()
        .min(60)
        .max(86400)
        .optional()
        .describe(
          `How often the drift job publishes, in seconds. Default: ${DEFAULT_PERIOD_SECONDS}`,
        ),
    })
    .optional()
    .describe(
      'Drift scores from a drift job of your own (no Model Monitor): one metric with a feature dimension (featureDimension) or one per feature (metricPrefix)',
    );

type RawCustomDrift = NonNullable<
  zod.infer<ReturnType<typeof customDriftInput>>
>;

/** Applies the defaults and checks what the schema cannot: exactly one shape. */
export function checkCustomDrift(
  raw: RawCustomDrift | undefined,
): CustomDriftInput | undefined {
  if (!raw) return undefined;
  if (raw.shape) {
    const { shape, featureDimension, metricName, metricPrefix, ...rest } = raw;
    return checkCustomDrift(
      shape === 'dimension'
        ? {
            ...rest,
            ...(featureDimension ? { featureDimension } : {}),
            ...(metricName ? { metricName } : {}),
          }
        : { ...rest, ...(metricPrefix ? { metricPrefix } : {}) },
    );
  }
  if (
    (raw.featureDimension === undefined) ===
    (raw.metricPrefix === undefined)
  ) {
    throw new InputError(
      'customDrift: give featureDimension (one metric, e.g. drift_score, with a feature dimension) or metricPrefix (one metric per feature, e.g. feature_drift_<feature>), not both (or say which with shape)',
    );
  }
  if (raw.metricPrefix !== undefined && raw.metricName !== undefined) {
    throw new InputError(
      'customDrift: metricName is for the dimension shape; with metricPrefix each feature has its own metric',
    );
  }
  if (raw.periodSeconds !== undefined && raw.periodSeconds % 60 !== 0) {
    throw new InputError('customDrift.periodSeconds must be a multiple of 60');
  }
  return {
    namespace: raw.namespace,
    dimensions: Object.entries(raw.dimensions ?? {}).map(([name, value]) => ({
      name,
      value,
    })),
    ...(raw.featureDimension ? { featureDimension: raw.featureDimension } : {}),
    ...(raw.metricName ? { metricName: raw.metricName } : {}),
    ...(raw.metricPrefix ? { metricPrefix: raw.metricPrefix } : {}),
    ...(raw.features ? { features: [...new Set(raw.features)] } : {}),
    maxFeatures: raw.maxFeatures ?? DEFAULT_MAX_FEATURES,
    periodSeconds: raw.periodSeconds ?? DEFAULT_PERIOD_SECONDS,
  };
}
