import { ConfigReader } from '@backstage/config';
import { readMlObservabilityConfig, scheduleIntervalSeconds } from './config';

const read = (data: object) =>
  readMlObservabilityConfig(new ConfigReader(data));

describe('readMlObservabilityConfig', () => {
  it('fills in the defaults', () => {
    const config = read({});
    expect(config).toEqual({
      schedule: {
        frequency: { minutes: 5 },
        timeout: { minutes: 15 },
        initialDelay: { seconds: 10 },
      },
      collectionIntervalSeconds: 300,
      collectionTimeoutSeconds: 900,
      metricDiscoveryIntervalSeconds: 3600,
      retentionDays: 30,
      lookbackDays: 7,
      staleAfterIntervals: 3,
      refreshCooldownSeconds: 30,
      defaults: { region: 'us-east-1', timeZone: 'UTC', driftThreshold: 0.3 },
      businessHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
      customDriftMaxFeatures: 100,
      onCallUrls: {},
    });
  });

  it('refuses a task timeout too short for any round to finish', () => {
    expect(() =>
      read({
        mlObservability: {
          schedule: { frequency: { minutes: 5 }, timeout: { seconds: 5 } },
        },
      }),
    ).toThrow(
      'Invalid configuration mlObservability.schedule.timeout: expected at least 10 seconds, got 5',
    );
    expect(
      read({
        mlObservability: {
          schedule: { frequency: { minutes: 5 }, timeout: 'PT20M' },
        },
      }).collectionTimeoutSeconds,
    ).toBe(1200);
  });

  it('reads every setting', () => {
    const config = read({
      mlObservability: {
        schedule: { frequency: { minutes: 10 }, timeout: { minutes: 8 } },
        metricDiscoveryInterval: 'PT2H',
        retentionDays: 5,
        lookbackDays: 14,
        staleAfterIntervals: 2,
        refreshCooldownSeconds: 60,
        defaults: {
          region: 'eu-west-1',
          timeZone: 'europe/london',
          driftThreshold: 0.25,
          qualityThresholds: { businessHours: 0.9 },
        },
        businessHours: { start: '08:00', end: '17:30', days: [1, 2, 3, 4] },
        onCallUrls: {
          opsgenie: 'https://acme.app.opsgenie.com/teams?query={id}',
        },
      },
    });
    expect(config).toMatchObject({
      collectionIntervalSeconds: 600,
      metricDiscoveryIntervalSeconds: 7200,
      retentionDays: 5,
      // Never further back than what is kept.
      lookbackDays: 5,
      staleAfterIntervals: 2,
      refreshCooldownSeconds: 60,
      defaults: {
        region: 'eu-west-1',
        timeZone: 'Europe/London',
        driftThreshold: 0.25,
        qualityThresholds: {
          businessHoursThreshold: 0.9,
          offHoursThreshold: 0.9,
        },
      },
      businessHours: { start: '08:00', end: '17:30', days: [1, 2, 3, 4] },
      onCallUrls: {
        opsgenie: 'https://acme.app.opsgenie.com/teams?query={id}',
      },
    });
  });

  it('fails at startup naming the key at fault', () => {
    expect(() =>
      read({ mlObservability: { defaults: { accountId: '12' } } }),
    ).toThrow(
      'Invalid configuration mlObservability.defaults.accountId: "12": exactly 12 digits',
    );
    expect(() =>
      read({ mlObservability: { defaults: { timeZone: 'Mars/Olympus' } } }),
    ).toThrow('mlObservability.defaults.timeZone');
    expect(() =>
      read({ mlObservability: { businessHours: { start: '9am' } } }),
    ).toThrow(
      'mlObservability.businessHours: start "9am" is not a time of day',
    );
    expect(() =>
      read({
        mlObservability: { defaults: { qualityThresholds: { offHours: 88 } } },
      }),
    ).toThrow('a fraction between 0 and 1');
    expect(() => read({ mlObservability: { retentionDays: 0 } })).toThrow(
      'mlObservability.retentionDays',
    );
    for (const maxFeatures of [0, 2.5, 10001]) {
      expect(() =>
        read({ mlObservability: { customDrift: { maxFeatures } } }),
      ).toThrow(
        `Invalid configuration mlObservability.customDrift.maxFeatures: expected a whole number from 1 to 10000, got ${maxFeatures}`,
      );
    }
  });

  it('reads the custom drift cap', () => {
    expect(
      read({ mlObservability: { customDrift: { maxFeatures: 250 } } })
        .customDriftMaxFeatures,
    ).toBe(250);
  });
});

describe('scheduleIntervalSeconds', () => {
  it.each([
    [{ cron: '*/5 * * * *' }, 300],
    [{ cron: '0 */5 * * * *' }, 300],
    [{ cron: '15 * * * *' }, 3600],
    [{ cron: '0 */2 * * *' }, 7200],
    [{ cron: '30 4 * * *' }, 86400],
    [{ cron: '0 9 * * 1-5' }, 300],
    [{ trigger: 'manual' as const }, 300],
    [{ minutes: 2 }, 120],
  ])('%j is every %i s', (frequency, seconds) => {
    expect(scheduleIntervalSeconds(frequency)).toBe(seconds);
  });
});
