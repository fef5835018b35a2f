import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { spec } from './router';

/** The zod the actions registry hands to an action's schema callbacks. */
export type Zod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['output']
>[0];

type Values = readonly [string, ...string[]];

const enumOf = <E extends Values>(z: Zod, values: E) => z.enum(values);
const stringOf = (z: Zod) => z.string();
const numberOf = (z: Zod) => z.number();
const booleanOf = (z: Zod) => z.boolean();

type ZodOfProperty<P> = P extends { readonly enum: infer E extends Values }
  ? ReturnType<typeof enumOf<E>>
  : P extends { readonly type: 'string' }
  ? ReturnType<typeof stringOf>
  : P extends { readonly type: 'integer' | 'number' }
  ? ReturnType<typeof numberOf>
  : P extends { readonly type: 'boolean' }
  ? ReturnType<typeof booleanOf>
  : never;

type FlatProperty = { readonly type: string; readonly enum?: Values };

/** A schema of openapi.yaml with properties. */
type ObjectSchema = {
  readonly properties: Record<string, object>;
  readonly required?: readonly string[];
};

/** The properties of a schema that are strings, numbers, booleans or enums (no $ref). */
type FlatKey<S extends ObjectSchema> = {
  [P in keyof S['properties'] & string]: S['properties'][P] extends FlatProperty
    ? P
    : never;
}[keyof S['properties'] & string];

type RequiredKey<S extends ObjectSchema> =
  S['required'] extends readonly string[] ? S['required'][number] : never;

type ShapeOf<S extends ObjectSchema, K extends keyof S['properties']> = {
  [P in K]: P extends RequiredKey<S>
    ? ZodOfProperty<S['properties'][P]>
    : ReturnType<ZodOfProperty<S['properties'][P]>['optional']>;
};

const objectOf = <Shape extends Parameters<Zod['object']>[0]>(
  z: Zod,
  shape: Shape,
) => z.object(shape);

function propertyOf(z: Zod, property: FlatProperty, required: boolean) {
  const type = typeOf(z, property);
  return required ? type : type.optional();
}

function typeOf(z: Zod, property: FlatProperty) {
  if (property.enum) return z.enum(property.enum);
  switch (property.type) {
    case 'string':
      return z.string();
    case 'integer':
      return z.number().int();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    default:
      throw new Error(`No zod type for an openapi.yaml ${property.type}`);
  }
}

/** The enum of a schema of openapi.yaml, e.g. schemas.HealthStatus. */
export function specEnum<S extends { readonly enum: Values }>(
  z: Zod,
  schema: S,
) {
  return enumOf(z, schema.enum);
}

/**
 * A zod object of the given properties of a schema of openapi.yaml (e.g.
 * schemas.SeverityRule), with their types, enums and whether they are required.
 */
export function specObject<S extends ObjectSchema, K extends FlatKey<S>>(
  z: Zod,
  schema: S,
  keys: readonly K[],
) {
  const required = new Set<string>(schema.required ?? []);
  const shape = Object.fromEntries(
    keys.map(key => [
      key,
      propertyOf(z, schema.properties[key] as FlatProperty, required.has(key)),
    ]),
  );
  // The mapped type says for each key what propertyOf builds at run time.
  return objectOf(z, shape as ShapeOf<S, K>);
}

/** openapi.yaml's components.schemas, for specObject. */
export const schemas = spec.components.schemas;
