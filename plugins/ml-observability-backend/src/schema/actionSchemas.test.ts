import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { schemas, specEnum, specObject, Zod } from './actionSchemas';

/** The JSON schema the actions registry publishes for an output built with z. */
async function published(output: (z: Zod) => ReturnType<Zod['object']>) {
  const registry = actionsRegistryServiceMock();
  registry.register({
    name: 'probe',
    title: 'probe',
    description: 'probe',
    schema: { input: z => z.object({}), output },
    action: async () => ({ output: {} }),
  });
  const { actions } = await registry.list();
  return actions[0].schema.output as {
    properties: Record<string, unknown>;
    required?: string[];
  };
}

describe('action schemas from openapi.yaml', () => {
  it('carry the types, enums and required fields of the picked properties', async () => {
    const schema = await published(z =>
      z.object({
        rule: specObject(z, schemas.SeverityRule, ['level', 'condition']),
        link: specObject(z, schemas.OnCallLink, ['provider', 'url']),
      }),
    );
    expect(schema.properties.rule).toMatchObject({
      properties: {
        level: { type: 'integer' },
        condition: { type: 'string' },
      },
      required: ['level', 'condition'],
    });
    expect(schema.properties.link).toMatchObject({
      properties: {
        provider: { type: 'string', enum: ['pagerduty', 'opsgenie'] },
        url: { type: 'string' },
      },
      required: ['provider'],
    });
  });

  it('take enums from the named schema', async () => {
    const schema = await published(z =>
      z.object({ status: specEnum(z, schemas.HealthStatus) }),
    );
    expect(schema.properties.status).toMatchObject({
      enum: ['healthy', 'warning', 'critical', 'unknown'],
    });
  });

  it('refuse a property type they cannot express', async () => {
    await expect(
      published(z =>
        z.object({
          odd: specObject(
            z,
            { properties: { at: { type: 'null' } }, required: [] } as const,
            ['at'],
          ),
        }),
      ),
    ).rejects.toThrow('No zod type for an openapi.yaml null');
  });
});
