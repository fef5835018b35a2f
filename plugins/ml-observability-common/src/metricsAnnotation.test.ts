import {
  DEFAULT_CUSTOM_METRIC_PERIOD_SECONDS,
  formatMetricsAnnotation,
  parseMetricsAnnotation,
} from './metricsAnnotation';

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
