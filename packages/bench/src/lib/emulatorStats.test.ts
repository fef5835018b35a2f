import type { EmulatorStats } from '@mlobs/aws-ml-emulator';
import { callsBetween, sum } from './emulatorStats';

function stats(
  operations: EmulatorStats['operations'],
  metricsRequested = 0,
): EmulatorStats {
  return {
    since: '2026-01-01T00:00:00.000Z',
    totals: {
      calls: 0,
      throttled: 0,
      failed: 0,
      denied: 0,
      hung: 0,
      errors: 0,
    },
    operations,
    accounts: {},
    getMetricData: { calls: 0, metricsRequested, datapointsReturned: 0 },
  };
}
const op = (calls: number, throttled = 0, failed = 0) => ({
  calls,
  throttled,
  failed,
  denied: 0,
  hung: 0,
  errors: throttled + failed,
});

describe('callsBetween', () => {
  it('subtracts the earlier snapshot and separates throttled attempts', () => {
    const before = stats({ ListEndpoints: op(5), GetMetricData: op(2) }, 900);
    const after = stats(
      {
        ListEndpoints: op(12, 2),
        GetMetricData: op(2),
        DescribeAlarms: op(4, 0, 1),
      },
      1400,
    );
    expect(callsBetween(before, after)).toEqual({
      attempts: { ListEndpoints: 7, DescribeAlarms: 4 },
      answered: { ListEndpoints: 5, DescribeAlarms: 4 },
      throttled: 2,
      failed: 1,
      metricsRequested: 500,
    });
  });
});

describe('sum', () => {
  it('adds all operations or only the named ones', () => {
    const counts = { ListEndpoints: 3, DescribeAlarms: 4, ListMetrics: 10 };
    expect(sum(counts)).toBe(17);
    expect(sum(counts, ['ListEndpoints', 'DescribeAlarms'])).toBe(7);
  });
});
