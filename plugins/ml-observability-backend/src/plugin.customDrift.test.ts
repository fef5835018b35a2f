/**
 * The custom drift demo model through the plugin as deployed (rounds, store,
 * pruning, HTTP), not only the collector: claims-triage's drift job lists
 * repair_shop_region in CloudWatch without a recent datapoint, and the
 * report keeps it as "no data" after the discovery round's pruning.
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { Emulator, startEmulator } from '@mlobs/aws-ml-emulator';
import type { ModelReport } from '@mlobs/backstage-plugin-ml-observability-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { startEmulatorBackend } from './__testUtils__/emulatorBackend';
import { modelEntity } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const user = mockCredentials.user.header('user:default/alice');
const CATALOG_FILE = resolve(__dirname, '../../../examples/entities.yaml');

/** claims-triage as examples/entities.yaml declares it. */
function claimsTriage(): Entity {
  const declared = parseAllDocuments(readFileSync(CATALOG_FILE, 'utf8'))
    .map(d => d.toJS() as Entity)
    .find(e => e.metadata.name === 'claims-triage');
  if (!declared) throw new Error('claims-triage is not in the example catalog');
  return modelEntity('claims-triage', {
    location: `file:${CATALOG_FILE}`,
    annotations: declared.metadata.annotations,
  });
}

describe.each(databases.eachSupportedId())(
  'a custom drift model through the plugin (emulator, %p)',
  databaseId => {
    let emulator: Emulator;
    let started: Awaited<ReturnType<typeof startEmulatorBackend>>;

    beforeAll(async () => {
      emulator = await startEmulator({ scenario: 'demo' });
      started = await startEmulatorBackend({
        emulator,
        databases,
        databaseId,
        entities: [claimsTriage()],
      });
    });
    afterAll(async () => {
      await started?.backend.stop();
      await emulator?.stop();
    });

    const driftOf = async () => {
      const res = await request(started.backend.server)
        .get('/api/ml-observability/v1/models/default/component/claims-triage')
        .set('Authorization', user);
      expect(res.status).toBe(200);
      return (res.body as ModelReport).drift;
    };

    it('shows the feature without recent data as "no data" after the discovery round and the next', async () => {
      for (let round = 0; round < 2; round++) {
        await started.round();
        const drift = await driftOf();
        // Breached first, the feature without data last.
        const features = drift.map(d => d.feature);
        expect(features[0]).toBe('claim_amount');
        expect(features.slice(1, 4).sort()).toEqual([
          'incident_type',
          'policy_age_days',
          'prior_claims',
        ]);
        expect(features[4]).toBe('repair_shop_region');
        expect(drift[0]).toMatchObject({ breached: true, source: 'custom' });
        expect(drift[4]).toMatchObject({
          feature: 'repair_shop_region',
          breached: false,
          series: [],
        });
        expect(drift[4].latest).toBeUndefined();
      }
    });
  },
);
