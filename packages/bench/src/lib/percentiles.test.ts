import { percentile, ratio, summarize } from './percentiles';

describe('percentile', () => {
  it('returns observed samples by nearest rank', () => {
    const samples = [15, 20, 35, 40, 50];
    expect(percentile(samples, 30)).toBe(20);
    expect(percentile(samples, 40)).toBe(20);
    expect(percentile(samples, 50)).toBe(35);
    expect(percentile(samples, 100)).toBe(50);
  });

  it('does not depend on the order of the samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    const shuffled = [...samples].reverse();
    expect(percentile(shuffled, 95)).toBe(95);
    expect(percentile(shuffled, 50)).toBe(50);
    expect(percentile([7], 95)).toBe(7);
  });

  it('refuses empty series and percentiles out of range', () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(() => percentile([1], 0)).toThrow(/\(0, 100\]/);
    expect(() => percentile([1], 101)).toThrow(/\(0, 100\]/);
  });
});

describe('summarize', () => {
  it('reports p50, p95, max and mean', () => {
    const samples = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(summarize(samples)).toEqual({
      count: 20,
      p50: 100,
      p95: 190,
      max: 200,
      mean: 105,
    });
  });
});

describe('ratio', () => {
  it('is undefined rather than Infinity for a zero denominator', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeUndefined();
  });
});
