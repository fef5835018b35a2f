import { failedSourcesOf, sourceName, sourceNames } from './sources';

const NOW = new Date('2024-03-11T15:00:00Z');

describe('sourceName', () => {
  it('names built-in and extension sources in words', () => {
    expect(sourceName('schedules')).toBe('monitoring schedules');
    expect(sourceName('metrics')).toBe('Model Monitor metrics');
    expect(sourceName('custom-metrics')).toBe('custom CloudWatch metrics');
    expect(sourceName('ext:prometheus')).toBe('signal source prometheus');
  });

  it('lists sources in one phrase', () => {
    expect(sourceNames([])).toBe('');
    expect(sourceNames(['alarms'])).toBe('CloudWatch alarms');
    expect(sourceNames(['schedules', 'metrics'])).toBe(
      'monitoring schedules and Model Monitor metrics',
    );
    expect(sourceNames(['endpoints', 'runbook', 'ext:datadog'])).toBe(
      'SageMaker endpoints, runbook and signal source datadog',
    );
  });
});

describe('failedSourcesOf', () => {
  const FRESH_SECONDS = 2700;

  it('keeps sources asked and unread, without good data within the window', () => {
    expect(
      failedSourcesOf(
        {
          'ext:zeta': { outcome: 'error' },
          'ext:alpha': { outcome: 'throttled' },
          alarms: { outcome: 'ok' },
          metrics: { outcome: 'unsupported', message: 'HTTP 500' },
          schedules: {
            outcome: 'denied',
            // One second past the window.
            lastSuccessAt: '2024-03-11T14:14:59Z',
            checkedAt: '2024-03-11T15:00:00Z',
          },
          executions: {
            outcome: 'error',
            // Exactly at the edge of the window: still fresh.
            lastSuccessAt: '2024-03-11T14:15:00Z',
          },
          endpoints: { outcome: 'not-found' },
          runbook: { outcome: 'pending' },
        },
        NOW,
        FRESH_SECONDS,
      ),
    ).toEqual([
      {
        source: 'schedules',
        outcome: 'denied',
        lastSuccessAt: '2024-03-11T14:14:59Z',
      },
      { source: 'metrics', outcome: 'unsupported', message: 'HTTP 500' },
      { source: 'ext:alpha', outcome: 'throttled' },
      { source: 'ext:zeta', outcome: 'error' },
    ]);
  });

  it('treats an unreadable last success as no good data', () => {
    expect(
      failedSourcesOf(
        { alarms: { outcome: 'error', lastSuccessAt: 'yesterday' } },
        NOW,
        FRESH_SECONDS,
      ),
    ).toEqual([
      { source: 'alarms', outcome: 'error', lastSuccessAt: 'yesterday' },
    ]);
  });
});
