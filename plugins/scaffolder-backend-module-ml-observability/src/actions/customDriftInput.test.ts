import { checkCustomDrift } from './customDriftInput';

describe('checkCustomDrift', () => {
  it('applies the defaults and turns dimensions into a list', () => {
    expect(
      checkCustomDrift({
        namespace: 'ML/Drift',
        dimensions: { ModelName: 'm' },
        featureDimension: 'Feature',
        features: ['a', 'b', 'a'],
      }),
    ).toEqual({
      namespace: 'ML/Drift',
      dimensions: [{ name: 'ModelName', value: 'm' }],
      featureDimension: 'Feature',
      features: ['a', 'b'],
      maxFeatures: 100,
      periodSeconds: 300,
    });
    expect(checkCustomDrift(undefined)).toBeUndefined();
  });

  it('keeps only the shape asked for when a caller passes both', () => {
    const both = {
      namespace: 'ML/Drift',
      featureDimension: 'Feature',
      metricName: 'drift_score',
      metricPrefix: 'feature_drift_',
    };
    expect(checkCustomDrift({ ...both, shape: 'pattern' })).toEqual({
      namespace: 'ML/Drift',
      dimensions: [],
      metricPrefix: 'feature_drift_',
      maxFeatures: 100,
      periodSeconds: 300,
    });
    expect(checkCustomDrift({ ...both, shape: 'dimension' })).toMatchObject({
      featureDimension: 'Feature',
      metricName: 'drift_score',
    });
    expect(
      checkCustomDrift({ ...both, shape: 'dimension' })?.metricPrefix,
    ).toBeUndefined();
  });

  it('refuses what the schema cannot: no shape or both, metricName with a prefix, an odd period', () => {
    expect(() => checkCustomDrift({ namespace: 'ML/Drift' })).toThrow(
      /give featureDimension .* or metricPrefix/,
    );
    expect(() =>
      checkCustomDrift({
        namespace: 'ML/Drift',
        featureDimension: 'Feature',
        metricPrefix: 'p_',
      }),
    ).toThrow(/not both/);
    expect(() =>
      checkCustomDrift({
        namespace: 'ML/Drift',
        metricPrefix: 'p_',
        metricName: 'drift_score',
      }),
    ).toThrow(/metricName is for the dimension shape/);
    expect(() =>
      checkCustomDrift({
        namespace: 'ML/Drift',
        featureDimension: 'Feature',
        periodSeconds: 90,
      }),
    ).toThrow(/multiple of 60/);
  });
});
