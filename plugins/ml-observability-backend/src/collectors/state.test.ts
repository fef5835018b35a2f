import {
  assembleRegionState,
  emptyRegionState,
  loadState,
  saveState,
  splitRegionState,
} from './state';
import { lastFinishedExecution, mergeExecutions } from './sagemaker';

describe('state entries', () => {
  const region = () => {
    const r = emptyRegionState();
    r.executionsListedAt = '2025-03-12T10:00:00.000Z';
    r.endpoints.e1 = { modified: 'm1', info: { name: 'e1' } as never };
    r.scheduleEndpoints.s1 = 'e1';
    r.schedules.s1 = { modified: 'm2', details: { cron: 'cron(0 * ? * * *)' } };
    r.executions.s1 = [];
    r.scheduleFetch.s1 = { fetchedAt: '2025-03-12T09:00:00.000Z' };
    r.series['mm|s1|aws/sagemaker/Endpoints/data-metrics|x'] = {
      fetchedAt: '2025-03-12T09:00:00.000Z',
    };
    r.customNames['ML/Perf|ModelName=a'] = {
      discoveredAt: '2025-03-12T09:00:00.000Z',
      names: ['Accuracy'],
    };
    r.series['c|ML/Perf|ModelName=a|Accuracy|300'] = {
      fetchedAt: '2025-03-12T09:00:00.000Z',
    };
    r.parts['component:default/m'] = {
      endpoints: [{ name: 'e1' } as never],
      alarms: [],
    };
    return r;
  };

  it('splits a region by endpoint and source, and assembles it back', () => {
    const entries = splitRegionState(region());
    expect(Object.keys(entries).sort()).toEqual([
      'custom:ML/Perf|ModelName=a',
      'endpoint:e1',
      'part:component:default/m',
      'region',
    ]);
    expect(assembleRegionState(entries)).toEqual(region());
    // One model's entries alone give its part of the region.
    const part = assembleRegionState({ 'endpoint:e1': entries['endpoint:e1'] });
    expect(Object.keys(part.series)).toEqual([
      'mm|s1|aws/sagemaker/Endpoints/data-metrics|x',
    ]);
    expect(part.executionsListedAt).toBeUndefined();
  });

  it('starts cold from entries of another version or shape, and never shares its input', () => {
    const entries = splitRegionState(region());
    const state = loadState({
      'a/us-east-1': entries,
      'b/us-east-1': { 'endpoint:x': { v: 1, schedules: {} }, region: 'x' },
    });
    expect(state.regions['b/us-east-1']).toEqual(emptyRegionState());
    state.regions['a/us-east-1'].endpoints.e1.modified = 'changed';
    expect(
      (entries['endpoint:e1'] as { endpoint: { modified: string } }).endpoint
        .modified,
    ).toBe('m1');
    expect(saveState(loadState({ 'a/us-east-1': entries }))).toEqual({
      'a/us-east-1': entries,
    });
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
