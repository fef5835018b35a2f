import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';

const examples = path.resolve(__dirname, '../../../examples');

// The portal's example catalog is ingested by the real catalog plugin on both databases the backend
// supports; a malformed entity or a migration that only works on one engine fails here.
describe('example catalog', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'ingests every model, group and user on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                processingInterval: { seconds: 1 },
                rules: [{ allow: ['Component', 'System', 'Group', 'User'] }],
                locations: [
                  { type: 'file', target: `${examples}/entities.yaml` },
                  { type: 'file', target: `${examples}/org.yaml` },
                ],
              },
            },
          }),
        ],
      });

      try {
        const query = async (filter: string) => {
          const response = await fetch(
            `http://localhost:${backend.server.port()}/api/catalog/entities/by-query?filter=${filter}&limit=100`,
            { headers: { Authorization: mockCredentials.user.header() } },
          );
          expect(response.status).toBe(200);
          const body = await response.json();
          return body.items.map((e: any) => e.metadata.name).sort();
        };

        let models: string[] = [];
        for (let i = 0; i < 120 && models.length < 12; i++) {
          models = await query('spec.type=ml-model');
          if (models.length < 12) await new Promise(r => setTimeout(r, 500));
        }
        expect(models).toEqual([
          'ad-click-ranker',
          'churn-prediction',
          'claims-triage',
          'credit-risk-scoring',
          'demand-forecast',
          'fraud-detection-v2',
          'fraud-screening',
          'loan-approval',
          'product-categorizer',
          'recommendation-engine',
          'search-ranking',
          'ticket-routing',
        ]);

        const groups = await query('kind=group,spec.type=team');
        expect(groups.length).toBeGreaterThanOrEqual(3);
        const users = await query('kind=user');
        expect(users).toContain('guest');
      } finally {
        await backend.stop();
      }
    },
    90_000,
  );
});
