import { durationMs } from './scheduler';

describe('durationMs', () => {
  it('reads HumanDurations', () => {
    expect(durationMs({ minutes: 4 })).toBe(240_000);
    expect(durationMs({ hours: 1, seconds: 30 })).toBe(3_630_000);
  });

  it('reads ISO 8601 durations', () => {
    expect(durationMs('PT4M')).toBe(240_000);
    expect(durationMs('PT1H30M')).toBe(5_400_000);
    expect(durationMs('P1DT2S')).toBe(86_402_000);
    expect(durationMs('PT0.5S')).toBe(500);
  });

  it('reads objects with toMillis (luxon Durations)', () => {
    expect(durationMs({ toMillis: () => 1234 })).toBe(1234);
  });

  it('gives up on anything else', () => {
    expect(durationMs('P')).toBeUndefined();
    expect(durationMs('PT')).toBeUndefined();
    expect(durationMs('4 minutes')).toBeUndefined();
    expect(durationMs(undefined)).toBeUndefined();
    expect(durationMs(240)).toBeUndefined();
  });
});
