/**
 * Issue 12's acceptance test, with the plugin as deployed against the emulator through the real SDK:
 * the schedule operations (ListMonitoringSchedules, DescribeMonitoringSchedule, ListMonitoringExecutions)
 * answer an HTML 500 page in every account. Every demo model with drift metrics still shows its drift,
 * marked partial and never unknown, no route answers 5xx, the backend log warns, and the OTel counter of
 * that operation's failed calls moves every round.
 */
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Emulator, startEmulator } from '@mlobs/aws-ml-emulator';
import type {
  FleetPage,
  ModelReport,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { metrics } from '@opentelemetry/api';
import request from 'supertest';
import { startEmulatorBackend } from './__testUtils__/emulatorBackend';
import { RecordingMeterProvider } from './__testUtils__/metrics';
import {
  collectorFor,
  demoTargets,
} from './collectors/__testUtils__/emulatorFixture';
import { METRIC_NAMES } from './telemetry/metrics';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const user = mockCredentials.user.header('user:default/alice');

const SCHEDULE_OPERATIONS = [
  'ListMonitoringSchedules',
  'DescribeMonitoringSchedule',
  'ListMonitoringExecutions',
];

describe.each(databases.eachSupportedId())(
  'the plugin when the schedule operations answer an HTML 500 page (emulator, %p)',
  databaseId => {
    const meters = new RecordingMeterProvider();
    const logger = mockServices.logger.mock();
    let emulator: Emulator;
    let started: Awaited<ReturnType<typeof startEmulatorBackend>>;
    /** The drift features of each model with drift metrics, as a healthy collection finds them. */
    let healthyDrift: Map<string, string[]>;

    const unsupportedListCalls = () =>
      meters.sum(METRIC_NAMES.awsCalls, {
        service: 'SageMaker',
        operation: 'ListMonitoringSchedules',
        outcome: 'unsupported',
      });
    const get = async (path: string) => {
      const res = await request(started.backend.server)
        .get(`/api/ml-observability/v1${path}`)
        .set('Authorization', user);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.body;
    };

    beforeAll(async () => {
      metrics.setGlobalMeterProvider(meters);
      emulator = await startEmulator({ scenario: 'demo' });
      // What a healthy collection shows, read before the faults with a collector of the same kind.
      const healthy = await collectorFor(emulator.url);
      try {
        const result = await healthy.collector.collect(
          demoTargets(),
          {},
          { now: emulator.now(), lookbackDays: 7, discoverMetrics: true },
        );
        healthyDrift = new Map(
          result.observations
            .map(o => [
              o.entityRef,
              [
                ...new Set(
                  o.series.filter(s => s.kind === 'drift').map(s => s.name),
                ),
              ].sort(),
            ])
            .filter((e): e is [string, string[]] => e[1].length > 0),
        );
      } finally {
        healthy.factory.destroy();
      }
      emulator.setFaults({
        operations: Object.fromEntries(
          SCHEDULE_OPERATIONS.map(op => [op, { nonAwsErrorRate: 1 }]),
        ),
      });
      started = await startEmulatorBackend({
        emulator,
        databases,
        databaseId,
        logger: logger.factory,
      });
    });

    afterAll(async () => {
      await started?.backend.stop();
      await emulator?.stop();
      metrics.disable();
    });

    it('shows the drift of every model with drift metrics, partial and never unknown, and tells the operator', async () => {
      // More than one model, in both demo accounts.
      expect(healthyDrift.size).toBeGreaterThan(1);

      await started.round();
      const afterFirst = unsupportedListCalls();
      expect(afterFirst).toBeGreaterThan(0);

      const page: FleetPage = await get('/models');
      expect(page.totalCount).toBe(demoTargets().length);
      expect(page.items.filter(row => row.status === 'unknown')).toEqual([]);

      for (const row of page.items) {
        const report: ModelReport = await get(
          `/models/default/component/${row.entityRef.split('/')[1]}`,
        );
        expect(report.health.status).not.toBe('unknown');
        const features = healthyDrift.get(row.entityRef);
        if (!features) continue;
        const drift = report.drift.filter(d => d.source === 'model-monitor');
        expect({
          model: row.entityRef,
          features: [...new Set(drift.map(d => d.feature))].sort(),
        }).toEqual({ model: row.entityRef, features });
        // Each item names the schedule its metric came from; the report says the list was unreadable.
        expect(drift.every(d => d.scheduleName && d.endpointName)).toBe(true);
        expect(report.scheduleListUnread).toMatchObject({
          message: expect.stringContaining(
            'answered HTTP 500 with a non-AWS body',
          ),
          schedules: expect.arrayContaining(drift.map(d => d.scheduleName)),
        });
        expect(report.health.partial).toBe(true);
        expect(report.health.failedSources?.map(f => f.source)).toContain(
          'schedules',
        );
        expect(row).toMatchObject({ partial: true });
      }

      const warnings = logger.warn.mock.calls
        .map(([message]) => String(message))
        .filter(m => m.includes('source schedules'));
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings[0]).toContain('answered HTTP 500 with a non-AWS body');

      // The next round fails the same way: the counter moves, no second warning for the same source.
      const warned = warnings.length;
      await started.round();
      expect(unsupportedListCalls()).toBeGreaterThan(afterFirst);
      expect(
        logger.warn.mock.calls
          .map(([message]) => String(message))
          .filter(m => m.includes('source schedules')),
      ).toHaveLength(warned);
      const status = await get('/status');
      expect(status.degradedSources).toContainEqual(
        expect.objectContaining({
          source: 'schedules',
          outcome: 'unsupported',
        }),
      );
    });
  },
);
