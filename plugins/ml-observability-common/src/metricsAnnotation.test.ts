import {
  DEFAULT_CUSTOM_METRIC_PERIOD_SECONDS,
  formatMetricsAnnotation,
  parseMetricsAnnotation,
} from './metricsAnnotation';
import { driftFeatureOf, isDriftMetricName } from './customDrift';

describe('parseMetricsAnnotation', () => {
  it('reads the design example', () => {
    expect(
      parseMetricsAnnotation(
        'namespace=ML/ModelPerformance,ModelName=fraud-detection-v2',
      ),
    ).toEqual({
      ok: true,
      sources: [
        {
          namespace: 'ML/ModelPerformance',
          dimensions: [{ name: 'ModelName', value: 'fraud-detection-v2' }],
          periodSeconds: DEFAULT_CUSTOM_METRIC_PERIOD_SECONDS,
        },
      ],
    });
  });

  it('reads several sources with metrics, period, spaces and a trailing ;', () => {
    const result = parseMetricsAnnotation(
      ' namespace=ML/ModelPerformance, ModelName=fraud, Variant=a ; namespace=ML/Business,ModelName=fraud,metrics=FraudRate|ChargebackRate,period=3600; ',
    );
    expect(result).toEqual({
      ok: true,
      sources: [
        {
          namespace: 'ML/ModelPerformance',
          dimensions: [
            { name: 'ModelName', value: 'fraud' },
            { name: 'Variant', value: 'a' },
          ],
          periodSeconds: 300,
        },
        {
          namespace: 'ML/Business',
          dimensions: [{ name: 'ModelName', value: 'fraud' }],
          metricNames: ['FraudRate', 'ChargebackRate'],
          periodSeconds: 3600,
        },
      ],
    });
  });

  it('keeps = inside dimension values and accepts high-resolution periods', () => {
    const result = parseMetricsAnnotation('namespace=A,Expr=a=b,period=10');
    expect(result.ok && result.sources[0]).toEqual({
      namespace: 'A',
      dimensions: [{ name: 'Expr', value: 'a=b' }],
      periodSeconds: 10,
    });
  });

  it.each([
    ['empty text', '', /empty source/],
    ['no namespace', 'ModelName=x', /has no namespace/],
    ['pair without =', 'namespace=A,ModelName', /not a key=value pair/],
    ['two commas', 'namespace=A,,ModelName=x', /empty entry/],
    ['empty source in the middle', 'namespace=A;;namespace=B', /empty source/],
    ['namespace twice', 'namespace=A,namespace=B', /namespace is given twice/],
    ['namespace of spaces', 'namespace=   ,X=y', /namespace "" is not valid/],
    ['namespace with $', 'namespace=ML$,X=y', /namespace "ML\$" is not valid/],
    [
      'namespace over 255 characters',
      `namespace=${'a'.repeat(256)}`,
      /namespace .* is not valid/,
    ],
    [
      'dimension name starting with :',
      'namespace=A,:x=y',
      /dimension name ":x" is not valid/,
    ],
    [
      'non-ASCII dimension value',
      'namespace=A,Model=modèle',
      /invalid value "modèle"/,
    ],
    ['dimension twice', 'namespace=A,X=1,X=2', /dimension X is given twice/],
    ['empty metrics', 'namespace=A,metrics=', /empty or invalid metric name/],
    [
      'period not a number',
      'namespace=A,period=5m',
      /period "5m" is not valid/,
    ],
    ['period 0', 'namespace=A,period=0', /period "0" is not valid/],
    ['period 45', 'namespace=A,period=45', /period "45" is not valid/],
    [
      '31 dimensions',
      `namespace=A,${Array.from({ length: 31 }, (_, i) => `D${i}=v`).join(
        ',',
      )}`,
      /31 dimensions/,
    ],
  ])('refuses %s', (_, text, message) => {
    const result = parseMetricsAnnotation(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(p => p.message).join(' | ')).toMatch(message);
    for (const problem of result.problems)
      expect(problem.allowed.length).toBeGreaterThan(10);
  });

  it('round-trips through formatMetricsAnnotation', () => {
    const text =
      'namespace=ML/Business,ModelName=fraud,metrics=FraudRate|Volume,period=60;namespace=ML/ModelPerformance,ModelName=fraud';
    const parsed = parseMetricsAnnotation(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(formatMetricsAnnotation(parsed.sources)).toBe(text);
  });
});

describe('parseMetricsAnnotation: custom drift', () => {
  it('reads the dimension shape with its metric and cap', () => {
    const result = parseMetricsAnnotation(
      'namespace=ML/Drift,ModelName=x,drift=dimension:Feature,driftMetric=psi,maxFeatures=50',
    );
    expect(result).toEqual({
      ok: true,
      sources: [
        {
          namespace: 'ML/Drift',
          dimensions: [{ name: 'ModelName', value: 'x' }],
          periodSeconds: 300,
          drift: {
            shape: 'dimension',
            featureDimension: 'Feature',
            metricName: 'psi',
            maxFeatures: 50,
          },
        },
      ],
    });
  });

  it('defaults the dimension shape to drift_score and leaves the cap to config', () => {
    const result = parseMetricsAnnotation(
      'namespace=ML/Drift,ModelName=x,drift=dimension:FeatureName',
    );
    expect(result.ok && result.sources[0].drift).toEqual({
      shape: 'dimension',
      featureDimension: 'FeatureName',
      metricName: 'drift_score',
    });
  });

  it.each(['feature_drift_', 'feature_baseline_drift_'])(
    'reads the pattern shape with prefix %s',
    prefix => {
      const result = parseMetricsAnnotation(
        `namespace=ML/Drift,ModelName=x,drift=pattern:${prefix}`,
      );
      expect(result.ok && result.sources[0].drift).toEqual({
        shape: 'pattern',
        prefix,
      });
    },
  );

  it('writes what the scaffolder template writes, and round-trips', () => {
    for (const text of [
      'namespace=ML/ModelPerformance,ModelName=m;namespace=ML/Drift,ModelName=m,drift=dimension:Feature,maxFeatures=100',
      'namespace=ML/Drift,ModelName=m,period=3600,drift=dimension:Feature,driftMetric=psi',
      'namespace=ML/Drift,ModelName=m,drift=pattern:feature_drift_,maxFeatures=50',
    ]) {
      const parsed = parseMetricsAnnotation(text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(formatMetricsAnnotation(parsed.sources)).toBe(text);
    }
    // driftMetric=drift_score is the default: written back without it, read back the same.
    const explicit = parseMetricsAnnotation(
      'namespace=ML/Drift,ModelName=m,drift=dimension:Feature,driftMetric=drift_score',
    );
    expect(explicit.ok).toBe(true);
    if (!explicit.ok) return;
    expect(
      parseMetricsAnnotation(formatMetricsAnnotation(explicit.sources)),
    ).toEqual(explicit);
  });

  it.each([
    [
      'an unknown shape',
      'drift=features:Feature',
      /neither dimension:<name> nor pattern:<prefix>/,
    ],
    ['no shape argument', 'drift=dimension', /names no feature dimension/],
    ['an empty dimension', 'drift=dimension:', /names no feature dimension/],
    ['an empty prefix', 'drift=pattern:', /names no metric name prefix/],
    [
      'a non-ASCII prefix',
      'drift=pattern:dérive_',
      /prefix "dérive_" cannot start a metric name/,
    ],
    [
      'a dimension name starting with :',
      'drift=dimension::x',
      /is not a valid dimension name/,
    ],
    [
      'the feature dimension also given with a value',
      'Feature=a,drift=dimension:Feature',
      /Feature is also given as a dimension/,
    ],
    [
      'driftMetric with the pattern shape',
      'drift=pattern:f_,driftMetric=x',
      /driftMetric applies to drift=dimension: only/,
    ],
    [
      'driftMetric without drift',
      'driftMetric=x',
      /driftMetric is given without drift=/,
    ],
    [
      'maxFeatures without drift',
      'maxFeatures=10',
      /maxFeatures is given without drift=/,
    ],
    [
      'maxFeatures 0',
      'drift=pattern:f_,maxFeatures=0',
      /maxFeatures "0" is not valid/,
    ],
    [
      'maxFeatures not a number',
      'drift=pattern:f_,maxFeatures=lots',
      /maxFeatures "lots" is not valid/,
    ],
    [
      'maxFeatures above the limit',
      'drift=pattern:f_,maxFeatures=10001',
      /maxFeatures "10001" is not valid/,
    ],
    [
      'drift twice',
      'drift=pattern:a_,drift=pattern:b_',
      /drift is given twice/,
    ],
  ])('refuses %s, naming the accepted forms', (_, keys, message) => {
    const result = parseMetricsAnnotation(
      `namespace=ML/Drift,ModelName=x,${keys}`,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(p => p.message).join(' | ')).toMatch(message);
    expect(result.problems.map(p => p.allowed).join(' | ')).toMatch(
      /drift=dimension:<|drift=pattern:<|maxFeatures=<|driftMetric=<|each a comma separated list/,
    );
  });
});

describe('driftFeatureOf', () => {
  const source = [{ name: 'ModelName', value: 'm' }];
  const dim = {
    shape: 'dimension' as const,
    featureDimension: 'Feature',
    metricName: 'drift_score',
  };
  const pattern = { shape: 'pattern' as const, prefix: 'feature_drift_' };
  const metric = (name: string, ...extra: Array<[string, string]>) => ({
    name,
    dimensions: [...source, ...extra.map(([n, value]) => ({ name: n, value }))],
  });

  it('reads the feature of the dimension shape from its dimension', () => {
    expect(
      driftFeatureOf(dim, source, metric('drift_score', ['Feature', 'age'])),
    ).toBe('age');
    expect(driftFeatureOf(dim, source, metric('drift_score'))).toBeUndefined();
    expect(
      driftFeatureOf(dim, source, metric('psi', ['Feature', 'age'])),
    ).toBeUndefined();
    expect(
      driftFeatureOf(
        dim,
        source,
        metric('drift_score', ['Feature', 'age'], ['Variant', 'b']),
      ),
    ).toBeUndefined();
    expect(
      driftFeatureOf(dim, source, {
        name: 'drift_score',
        dimensions: [
          { name: 'ModelName', value: 'other' },
          { name: 'Feature', value: 'age' },
        ],
      }),
    ).toBeUndefined();
  });

  it('reads the feature of the pattern shape from the name', () => {
    expect(
      driftFeatureOf(pattern, source, metric('feature_drift_income')),
    ).toBe('income');
    expect(
      driftFeatureOf(pattern, source, metric('feature_drift_')),
    ).toBeUndefined();
    expect(driftFeatureOf(pattern, source, metric('accuracy'))).toBeUndefined();
    expect(
      driftFeatureOf(
        pattern,
        source,
        metric('feature_drift_income', ['Feature', 'x']),
      ),
    ).toBeUndefined();
  });

  it('tells which plain names are drift scores', () => {
    expect(isDriftMetricName(pattern, 'feature_drift_income')).toBe(true);
    expect(isDriftMetricName(pattern, 'accuracy')).toBe(false);
    expect(isDriftMetricName(dim, 'drift_score')).toBe(false);
  });
});
