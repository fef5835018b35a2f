import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import type { MlObservabilityApiPaths } from '@mlobs/backstage-plugin-ml-observability-common';
import { spec } from './openapi/generated/router';

export { spec };

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';

type Operation<Paths, P extends keyof Paths, M extends Method> = NonNullable<
  Paths[P][M & keyof Paths[P]]
>;

type JsonBody<R> = R extends { content: { 'application/json': infer B } }
  ? B
  : never;

/** `#method|/path` for every operation of the generated paths. */
type EndpointKey<Paths> = {
  [P in keyof Paths & string]: {
    [M in Method]: [Operation<Paths, P, M>] extends [never]
      ? never
      : `#${M}|${P}`;
  }[Method];
}[keyof Paths & string];

/**
 * The endpoint map that `backstage-repo-tools` would generate, computed from
 * the types openapi-typescript generates from openapi.yaml, so no route or
 * shape is typed by hand.
 */
type EndpointMapOf<Paths> = {
  [K in EndpointKey<Paths>]: K extends `#${infer M extends Method}|${infer P extends keyof Paths &
    string}`
    ? Operation<Paths, P, M> extends {
        parameters: { query?: infer Q; path?: infer A };
        responses: { 200: infer R };
      }
      ? {
          query: NonNullable<Q>;
          path: NonNullable<A>;
          response: JsonBody<R>;
        }
      : never
    : never;
};

export type EndpointMap = EndpointMapOf<MlObservabilityApiPaths>;

export type ValidatorOptions = NonNullable<
  Parameters<typeof createValidatedOpenApiRouterFromGeneratedEndpointMap>[1]
>['validatorOptions'];

/** An express router that validates requests (and, when asked, responses) against openapi.yaml. */
export function createOpenApiRouter(options?: {
  validatorOptions?: ValidatorOptions;
}) {
  return createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
    spec,
    options,
  );
}

/** One operation of openapi.yaml, as the answers to unmatched requests name it. */
export interface ApiRoute {
  /** Upper case, e.g. GET. */
  method: string;
  /** As in openapi.yaml, e.g. /v1/models/{namespace}/{kind}/{name}. */
  path: string;
  /** Matches a request path of this route (a trailing slash allowed). */
  pattern: RegExp;
}

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The routes of openapi.yaml in its order: the one list of them. */
export const API_ROUTES: ReadonlyArray<ApiRoute> = Object.entries(
  spec.paths,
).flatMap(([path, item]) => {
  const pattern = new RegExp(
    `^${path
      .split(/\{[^}]+\}/)
      .map(escapeRegExp)
      .join('[^/]+')}/?$`,
  );
  return Object.keys(item).map(method => ({
    method: method.toUpperCase(),
    path,
    pattern,
  }));
});
