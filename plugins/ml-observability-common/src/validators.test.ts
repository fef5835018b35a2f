import {
  canonicalTimeZone,
  checkAccountId,
  checkEndpointName,
  checkNamespace,
  checkRegion,
  quote,
} from './validators';

describe('validators', () => {
  it.each([
    ['a', true],
    ['churn-prediction-prod', true],
    ['a--b', true],
    ['A1', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['-a', false],
    ['a-', false],
    ['a_b', false],
    ['a.b', false],
    ['', false],
  ])('endpoint name %j valid: %s', (name, ok) => {
    expect(checkEndpointName(name) === undefined).toBe(ok);
  });

  it.each([
    ['123456789012', true],
    ['012345678901', true],
    ['1234567890123', false],
    ['12345678901', false],
    ['1234-5678-9012', false],
  ])('account id %j valid: %s', (id, ok) => {
    expect(checkAccountId(id) === undefined).toBe(ok);
  });

  it.each([
    ['us-east-1', true],
    ['ap-southeast-2', true],
    ['us-gov-west-1', true],
    ['cn-northwest-1', true],
    ['eu-central-12', false],
    ['useast1', false],
    ['us-east-1a', false],
  ])('region %j valid: %s', (region, ok) => {
    expect(checkRegion(region) === undefined).toBe(ok);
  });

  it.each([
    ['ML/ModelPerformance', true],
    ['aws/sagemaker/Endpoints/data-metrics', true],
    ['My App #1: metrics', true],
    ['   ', false],
    ['ML|Perf', false],
    ['', false],
  ])('namespace %j valid: %s', (ns, ok) => {
    expect(checkNamespace(ns) === undefined).toBe(ok);
  });

  it.each([
    ['Europe/London', 'Europe/London'],
    ['UTC', 'UTC'],
    ['europe/london', 'Europe/London'],
    ['Nowhere/Here', undefined],
    [' UTC', undefined],
    ['', undefined],
  ])('time zone %j → %j', (zone, canonical) => {
    expect(canonicalTimeZone(zone)).toBe(canonical);
  });

  it('quotes values for messages, cutting long ones', () => {
    expect(quote('high')).toBe('"high"');
    expect(quote(undefined)).toBe('nothing');
    expect(quote('x'.repeat(200))).toHaveLength(80);
  });
});
