import { emptyRegionState, loadState, STATE_VERSION } from './state';
import { lastFinishedExecution, mergeExecutions } from './sagemaker';

describe('loadState', () => {
  it('starts cold from nothing, a foreign shape or another version', () => {
    for (const raw of [
      undefined,
      {},
      { version: 0, regions: {} },
      { version: STATE_VERSION, regions: 'x' },
    ]) {
      expect(loadState(raw as never)).toEqual({
        version: STATE_VERSION,
        regions: {},
        lastSuccess: {},
      });
    }
  });

  it('keeps readable regions, drops broken ones, and never mutates its input', () => {
    const raw = {
      version: STATE_VERSION,
      regions: {
        'a/us-east-1': emptyRegionState(),
        'b/us-east-1': { endpoints: [] },
      },
      lastSuccess: {
        'component:default/x': { alarms: '2025-01-01T00:00:00.000Z' },
      },
    };
    const state = loadState(raw);
    expect(Object.keys(state.regions)).toEqual(['a/us-east-1']);
    state.regions['a/us-east-1'].endpoints.e = {
      modified: 'm',
      info: {} as never,
    };
    expect(raw.regions['a/us-east-1'].endpoints).toEqual({});
    expect(state.lastSuccess['component:default/x'].alarms).toBe(
      '2025-01-01T00:00:00.000Z',
    );
  });
});

describe('executions', () => {
  const e = (
    hour: number,
    status: 'Completed' | 'InProgress' | 'Failed',
    modifiedMinute = 10,
  ) => ({
    status,
    scheduledTime: `2025-03-12T${String(hour).padStart(2, '0')}:00:00.000Z`,
    lastModifiedTime: `2025-03-12T${String(hour).padStart(2, '0')}:${String(
      modifiedMinute,
    ).padStart(2, '0')}:00.000Z`,
  });

  it('merges by scheduled time, the latest state winning, newest first, bounded', () => {
    const kept = [e(9, 'InProgress', 5), e(8, 'Completed')];
    const merged = mergeExecutions(kept, [
      e(9, 'Completed', 15),
      e(10, 'InProgress'),
    ]);
    expect(merged.map(x => [x.scheduledTime.slice(11, 13), x.status])).toEqual([
      ['10', 'InProgress'],
      ['09', 'Completed'],
      ['08', 'Completed'],
    ]);
    const many = mergeExecutions(
      [],
      Array.from({ length: 15 }, (_, i) => e(i, 'Completed')),
    );
    expect(many).toHaveLength(10);
    expect(many[0].scheduledTime).toContain('T14:');
  });

  it('calls the newest finished run the last one', () => {
    expect(
      lastFinishedExecution([e(10, 'InProgress'), e(9, 'Failed')])?.status,
    ).toBe('Failed');
    expect(lastFinishedExecution([e(10, 'InProgress')])?.status).toBe(
      'InProgress',
    );
    expect(lastFinishedExecution([])).toBeUndefined();
  });
});
