import { planReplay, ReplayCall, runReplay } from './awsReplay';

describe('planReplay', () => {
  it('makes as many calls of each operation as were answered, operations interleaved', () => {
    const { calls, skipped } = planReplay(
      { ListEndpoints: 2, DescribeEndpoint: 3, GetMetricData: 0 },
      0,
    );
    expect(skipped).toEqual({});
    expect(calls.map(c => c.operation)).toEqual([
      'DescribeEndpoint',
      'ListEndpoints',
      'DescribeEndpoint',
      'ListEndpoints',
      'DescribeEndpoint',
    ]);
    expect(calls.filter(c => c.chain).map(c => c.chain)).toEqual([
      'ListEndpoints',
      'ListEndpoints',
    ]);
  });

  it('spreads the metrics requested over the GetMetricData calls, at most 500 a call', () => {
    expect(
      planReplay({ GetMetricData: 3 }, 7).calls.map(c => c.queries),
    ).toEqual([3, 2, 2]);
    expect(
      planReplay({ GetMetricData: 2 }, 1500).calls.map(c => c.queries),
    ).toEqual([500, 500]);
    expect(
      planReplay({ GetMetricData: 2 }, 0).calls.map(c => c.queries),
    ).toEqual([1, 1]);
  });

  it('names the operations it cannot replay instead of pretending', () => {
    const { calls, skipped } = planReplay(
      { ListTags: 4, DescribeEndpoint: 1 },
      0,
    );
    expect(skipped).toEqual({ ListTags: 4 });
    expect(calls).toHaveLength(1);
  });
});

describe('runReplay', () => {
  const tick = () => new Promise(resolve => setTimeout(resolve, 2));

  it('keeps at most `concurrency` calls in flight and a walk one page at a time', async () => {
    const { calls } = planReplay(
      { ListEndpoints: 5, DescribeEndpoint: 10, DescribeMonitoringSchedule: 6 },
      0,
    );
    let inFlight = 0;
    let most = 0;
    const walking = new Set<string>();
    let overlappingPages = 0;
    const done: ReplayCall[] = [];
    const result = await runReplay(calls, 4, async call => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (call.chain) {
        if (walking.has(call.chain)) overlappingPages++;
        walking.add(call.chain);
      }
      await tick();
      if (call.chain) walking.delete(call.chain);
      inFlight--;
      done.push(call);
    });
    expect(result.failed).toBe(0);
    expect(done).toHaveLength(21);
    expect(most).toBe(4);
    expect(overlappingPages).toBe(0);
  });

  it('counts failed calls and carries on', async () => {
    const { calls } = planReplay({ DescribeEndpoint: 3 }, 0);
    const result = await runReplay(calls, 2, async call => {
      if (call.index === 1) throw new Error('throttled for good');
    });
    expect(result.failed).toBe(1);
  });

  it('finishes a single walk with several workers', async () => {
    const { calls } = planReplay({ ListMonitoringSchedules: 4 }, 0);
    const order: number[] = [];
    await runReplay(calls, 4, async call => {
      await tick();
      order.push(call.index);
    });
    expect(order).toEqual([0, 1, 2, 3]);
  });
});
