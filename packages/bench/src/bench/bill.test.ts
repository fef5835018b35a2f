import { MONTH_SECONDS, monthlyBill, pollingBill } from './bill';

describe('monthlyBill', () => {
  it('scales a window to 30 days at $0.01 per 1,000 requests and per 1,000 metrics', () => {
    // Six hours: 72 rounds with 20 DescribeAlarms pages each, 6 ListMetrics walks of 59 pages.
    const bill = monthlyBill({
      windowSeconds: 6 * 3600,
      cloudWatchRequests: 72 * 20 + 6 * 59,
      metricsRequested: 60_000,
    });
    expect(bill.cloudWatchRequests).toBeCloseTo(1794 * 120);
    expect(bill.metricsRequested).toBeCloseTo(7_200_000);
    expect(bill.requestsUsd).toBeCloseTo(2.1528);
    expect(bill.metricsUsd).toBeCloseTo(72);
    expect(bill.totalUsd).toBeCloseTo(74.1528);
  });

  it('refuses an empty window', () => {
    expect(() =>
      monthlyBill({
        windowSeconds: 0,
        cloudWatchRequests: 1,
        metricsRequested: 1,
      }),
    ).toThrow(/longer than 0 s/);
  });
});

describe('pollingBill', () => {
  it('repeats one refresh every interval', () => {
    // 1,000 models every 5 minutes: 1,000 DescribeAlarms and 14,000 metrics per refresh.
    const bill = pollingBill(
      { cloudWatchRequests: 1000, metricsRequested: 14_000 },
      300,
    );
    const refreshes = MONTH_SECONDS / 300;
    expect(refreshes).toBe(8640);
    expect(bill.requestsUsd).toBeCloseTo(86.4);
    expect(bill.metricsUsd).toBeCloseTo(1209.6);
  });
});
