import { CARD_SOURCES, cardSourceIds, sourceTitle } from './sources';

describe('card sources', () => {
  it('has each card watch every source its data comes from', () => {
    expect(CARD_SOURCES).toEqual({
      drift: {
        sources: [
          'schedules',
          'executions',
          'metrics',
          'custom-metrics',
          'runbook',
        ],
        extensions: true,
      },
      quality: {
        sources: [
          'schedules',
          'executions',
          'metrics',
          'custom-metrics',
          'runbook',
        ],
        extensions: true,
      },
      alarms: { sources: ['alarms'], extensions: true },
      monitoring: {
        sources: ['endpoints', 'schedules', 'executions'],
        extensions: false,
      },
      ownership: { sources: ['catalog', 'runbook'], extensions: false },
      fairness: {
        sources: [
          'schedules',
          'executions',
          'metrics',
          'custom-metrics',
          'runbook',
        ],
        extensions: true,
      },
    });
  });

  it('adds the signal sources of the report to the cards they may feed', () => {
    const sources = {
      'ext:zeta': { outcome: 'ok' as const },
      alarms: { outcome: 'ok' as const },
      'ext:alpha': { outcome: 'error' as const },
    };
    expect(cardSourceIds('alarms', sources)).toEqual([
      'alarms',
      'ext:alpha',
      'ext:zeta',
    ]);
    expect(cardSourceIds('monitoring', sources)).toEqual([
      'endpoints',
      'schedules',
      'executions',
    ]);
  });

  it('names sources for the start of a line', () => {
    expect(sourceTitle('metrics')).toBe('Model Monitor metrics');
    expect(sourceTitle('ext:prometheus')).toBe('Signal source prometheus');
    expect(sourceTitle('runbook')).toBe('Runbook');
  });
});
