/**
 * Security with the real authentication stack (auth backend with the guest
 * provider, real token checks) and the real permission framework with a
 * policy that hides some models from the guest: unauthenticated calls get
 * 401; a model the caller cannot see is a 404 and never shows up in the
 * fleet or an escalation lookup, while a service sees everything.
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { startEmulator } from '@mlobs/aws-ml-emulator';
import type {
  EscalationResult,
  FleetPage,
} from '@mlobs/backstage-plugin-ml-observability-common';
import { FleetProvider, startBackend } from '../lib/backend';
import type { DatabaseChoice } from '../lib/database';
import { errorMessage } from '../lib/httpClient';
import {
  ACCOUNT,
  endpointOf,
  modelEntity,
  modelName,
  orgEntities,
  REGION,
} from '../lib/scaleFleet';
import { Part, PartResult, Suite } from './harness';

const MODELS = 20;
const GUEST = 'user:default/guest-reader';
const RESTRICTED_LABEL = 'mlobs-bench/restricted';
const NO_REPORTS_LABEL = 'mlobs-bench/no-reports';
/** Hidden from the guest by the catalog's own read rule. */
const HIDDEN = [3, 7];
/** Visible in the catalog, but the guest may not read their ML observability data. */
const NO_REPORTS = [5];
const ACTOR_LABEL = 'mlobs-bench/guest-acts';
/** The only model whose runbook actions the guest may run (ml-observability.model.act). */
const ACTS = [2];
/** Any run id: the action routes check the caller before they look the run up. */
const RUN_ID = '00000000-0000-4000-8000-000000000000';

class BenchPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (user?.info.userEntityRef !== GUEST)
      return { result: AuthorizeResult.ALLOW };
    if (!isResourcePermission(request.permission, 'catalog-entity'))
      return { result: AuthorizeResult.ALLOW };
    const hidden = catalogConditions.hasLabel({ label: RESTRICTED_LABEL });
    if (request.permission.name === 'ml-observability.model.act') {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.hasLabel({ label: ACTOR_LABEL }),
      );
    }
    if (request.permission.name.startsWith('ml-observability.')) {
      return createCatalogConditionalDecision(request.permission, {
        not: {
          anyOf: [
            hidden,
            catalogConditions.hasLabel({ label: NO_REPORTS_LABEL }),
          ],
        },
      });
    }
    return createCatalogConditionalDecision(request.permission, {
      not: hidden,
    });
  }
}

function entities(): Entity[] {
  return [
    ...Array.from({ length: MODELS }, (_, i) => {
      const entity = modelEntity(i + 1);
      const labels: Record<string, string> = {};
      if (HIDDEN.includes(i + 1)) labels[RESTRICTED_LABEL] = 'true';
      if (NO_REPORTS.includes(i + 1)) labels[NO_REPORTS_LABEL] = 'true';
      if (ACTS.includes(i + 1)) labels[ACTOR_LABEL] = 'true';
      return { ...entity, metadata: { ...entity.metadata, labels } };
    }),
    ...orgEntities(),
  ];
}

export async function securityPart(
  suite: Suite,
  options: { database: DatabaseChoice; quick: boolean },
): Promise<PartResult> {
  const part = new Part('Security', suite);
  const emulator = await startEmulator({ scenario: 'scale', models: MODELS });
  suite.addInternalUrl(emulator.url);
  const policy = createBackendModule({
    pluginId: 'permission',
    moduleId: 'mlobs-bench-policy',
    register(env) {
      env.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy: point }) {
          point.setPolicy(new BenchPolicy());
        },
      });
    },
  });
  const backend = await startBackend({
    emulatorUrl: emulator.url,
    accounts: [ACCOUNT],
    database: options.database,
    provider: new FleetProvider(entities()),
    mlObservability: { lookbackDays: 0.25 },
    config: {
      app: { baseUrl: 'http://127.0.0.1:3000' },
      auth: {
        providers: {
          guest: {
            dangerouslyAllowOutsideDevelopment: true,
            userEntityRef: GUEST,
          },
        },
      },
      permission: { enabled: true },
    },
    services: [
      authServiceFactory,
      httpAuthServiceFactory,
      httpRouterServiceFactory,
      userInfoServiceFactory,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      await import('@backstage/plugin-auth-backend').then(m => m.default),
      await import('@backstage/plugin-auth-backend-module-guest-provider').then(
        m => m.default,
      ),
      await import('@backstage/plugin-permission-backend').then(m => m.default),
      policy,
    ],
  });
  const api = `${backend.url}/api/ml-observability`;
  try {
    const auth = backend.captured.auth!;
    const service = `Bearer ${
      (
        await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: 'catalog',
        })
      ).token
    }`;
    await waitForModels(backend.url, service);
    await backend.captured.service!.collectFleet();
    const serviceForApi = `Bearer ${
      (
        await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: 'ml-observability',
        })
      ).token
    }`;
    const guestAnswer = await part.send({
      method: 'GET',
      url: `${backend.url}/api/auth/guest/refresh?env=development`,
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const guestToken = (
      JSON.parse(guestAnswer.text) as { backstageIdentity?: { token?: string } }
    ).backstageIdentity?.token;
    part.check(
      'the guest signs in through the auth backend',
      Boolean(guestToken),
      guestToken
        ? ''
        : `${guestAnswer.status} ${errorMessage(guestAnswer.text) ?? ''}`,
    );
    const guest = `Bearer ${guestToken}`;

    await unauthenticatedStep(part, api, guestToken ?? '');
    await visibilityStep(part, {
      api,
      catalog: `${backend.url}/api/catalog`,
      guest,
      service: serviceForApi,
    });
    await actionsStep(part, { api, guest, service: serviceForApi });
  } finally {
    await backend.stop();
    await emulator.stop();
  }
  return part.finish();
}

async function waitForModels(baseUrl: string, authorization: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?filter=spec.type=ml-model&limit=1`,
      { headers: { authorization } },
    );
    const body = r.ok
      ? ((await r.json()) as { totalItems?: number })
      : (await r.text(), {});
    if ((body as { totalItems?: number }).totalItems === MODELS) return;
    if (Date.now() > deadline)
      throw new Error(
        `the catalog did not serve the ${MODELS} models within 60 s`,
      );
    await new Promise(resolve => setTimeout(resolve, 300));
  }
}

async function unauthenticatedStep(
  part: Part,
  api: string,
  guestToken: string,
) {
  const model = `default/component/${modelName(1)}`;
  const routes: Array<[string, string]> = [
    ['GET', `/v1/models/${model}`],
    ['GET', '/v1/models'],
    ['GET', `/v1/escalation?resource=${endpointOf(modelName(1))}`],
    ['POST', `/v1/models/${model}/refresh`],
    ['GET', '/v1/status'],
    ['POST', `/v1/models/${model}/actions/severity-1`],
    ['GET', `/v1/models/${model}/actions`],
    ['GET', `/v1/models/${model}/actions/runs/${RUN_ID}`],
    ['POST', `/v1/models/${model}/actions/runs/${RUN_ID}/undo`],
  ];
  const [head, payload] = guestToken.split('.');
  const forged = `${head}.${Buffer.from(
    JSON.stringify({
      sub: 'user:default/admin',
      ent: ['user:default/admin'],
      exp: 4102444800,
    }),
  ).toString('base64url')}.c2lnbmF0dXJl`;
  const tamperedSignature = `${guestToken.slice(0, -6)}AAAAAA`;
  const credentials: Array<[string, Record<string, string>]> = [
    ['no token', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a garbage token', { authorization: 'Bearer not-a-token' }],
    [
      'a test-only mock token',
      { authorization: mockCredentials.user.header() },
    ],
    ['a forged admin token', { authorization: `Bearer ${forged}` }],
    [
      'the guest token with a broken signature',
      { authorization: `Bearer ${tamperedSignature}` },
    ],
    ['basic auth', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
  ];
  void payload;
  const problems: string[] = [];
  let tried = 0;
  for (const [method, path] of routes) {
    for (const [label, headers] of credentials) {
      tried++;
      const answer = await part.send({ method, url: `${api}${path}`, headers });
      if (answer.status !== 401 || !errorMessage(answer.text)) {
        problems.push(
          `${method} ${path} with ${label}: ${
            answer.status
          } ${answer.text.slice(0, 100)}`,
        );
      }
    }
  }
  const health = await part.send({ method: 'GET', url: `${api}/health` });
  part.tried(
    `${tried} calls to the ${
      routes.length
    } authenticated routes without valid credentials (${credentials
      .map(c => c[0])
      .join(', ')})`,
  );
  part.check(
    'unauthenticated and forged credentials get 401 with a message',
    problems.length === 0,
    problems.slice(0, 4).join('; '),
  );
  part.check(
    '/health answers without a token',
    health.status === 200,
    `${health.status}`,
  );
}

async function visibilityStep(
  part: Part,
  options: { api: string; catalog: string; guest: string; service: string },
) {
  const { api, guest, service } = options;
  const get = (url: string, authorization: string, method = 'GET') =>
    part.send({ method, url, headers: { authorization } });
  const refOf = (i: number) => `component:default/${modelName(i)}`;
  const problems: string[] = [];
  const expectStatus = async (
    what: string,
    url: string,
    who: string,
    status: number,
    method = 'GET',
  ) => {
    const answer = await get(url, who, method);
    if (
      answer.status !== status ||
      (status >= 400 && !errorMessage(answer.text))
    ) {
      problems.push(
        `${what}: ${answer.status} (expected ${status}) ${answer.text.slice(
          0,
          120,
        )}`,
      );
    }
    return answer;
  };

  // Positive controls: the guest reads an ordinary model; a service sees the hidden ones.
  await expectStatus(
    'guest, visible report',
    `${api}/v1/models/default/component/${modelName(1)}`,
    guest,
    200,
  );
  for (const i of [...HIDDEN, ...NO_REPORTS]) {
    await expectStatus(
      `service, report of ${modelName(i)}`,
      `${api}/v1/models/default/component/${modelName(i)}`,
      service,
      200,
    );
  }
  // The catalog itself hides the restricted models from the guest.
  for (const i of HIDDEN) {
    await expectStatus(
      `guest, catalog lookup of ${modelName(i)}`,
      `${options.catalog}/entities/by-name/component/default/${modelName(i)}`,
      guest,
      404,
    );
    await expectStatus(
      `guest, report of hidden ${modelName(i)}`,
      `${api}/v1/models/default/component/${modelName(i)}`,
      guest,
      404,
    );
    await expectStatus(
      `guest, refresh of hidden ${modelName(i)}`,
      `${api}/v1/models/default/component/${modelName(i)}/refresh`,
      guest,
      404,
      'POST',
    );
  }
  for (const i of NO_REPORTS) {
    // Visible entity, no permission on its data: a 403 that reveals nothing the catalog does not show.
    await expectStatus(
      `guest, report of ${modelName(i)} without the read permission`,
      `${api}/v1/models/default/component/${modelName(i)}`,
      guest,
      403,
    );
  }
  const unknown = await expectStatus(
    'guest, report of a model that does not exist',
    `${api}/v1/models/default/component/no-such-model`,
    guest,
    404,
  );
  const hiddenAnswer = await get(
    `${api}/v1/models/default/component/${modelName(HIDDEN[0])}`,
    guest,
  );
  part.check(
    'a hidden model answers exactly like a model that does not exist',
    hiddenAnswer.status === unknown.status &&
      errorMessage(hiddenAnswer.text)?.replace(modelName(HIDDEN[0]), 'X') ===
        errorMessage(unknown.text)?.replace('no-such-model', 'X'),
    `${hiddenAnswer.status}: ${errorMessage(hiddenAnswer.text)}`,
  );

  // The fleet, every page, as each caller.
  const fleetRefs = async (who: string) => {
    const refs: string[] = [];
    let cursor: string | undefined;
    let total = 0;
    for (let page = 0; page < 20; page++) {
      const answer = await get(
        `${api}/v1/models?limit=7${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`,
        who,
      );
      if (answer.status !== 200) {
        problems.push(`fleet page ${page + 1}: ${answer.status}`);
        break;
      }
      const body = JSON.parse(answer.text) as FleetPage;
      refs.push(...body.items.map(r => r.entityRef));
      total = body.totalCount;
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return { refs, total };
  };
  const guestFleet = await fleetRefs(guest);
  const serviceFleet = await fleetRefs(service);
  const withheld = [...HIDDEN, ...NO_REPORTS].map(refOf);
  const leakedInFleet = guestFleet.refs.filter(r => withheld.includes(r));
  part.check(
    "the guest's fleet leaves out every withheld model, on every page and in the total",
    leakedInFleet.length === 0 &&
      guestFleet.total === MODELS - withheld.length &&
      guestFleet.refs.length === guestFleet.total,
    `guest sees ${guestFleet.refs.length} (total ${
      guestFleet.total
    }); ${leakedInFleet.join(', ')}`,
  );
  part.check(
    'a service sees the whole fleet',
    serviceFleet.total === MODELS && serviceFleet.refs.length === MODELS,
    `${serviceFleet.refs.length} of ${MODELS}`,
  );

  // Escalation lookups by every name and ARN of the withheld models.
  const leakedInEscalation: string[] = [];
  let lookups = 0;
  for (const i of [...HIDDEN, ...NO_REPORTS]) {
    const model = modelName(i);
    const endpoint = endpointOf(model);
    const resources = [
      endpoint,
      `${model}-drift`,
      `${model}-quality`,
      `${endpoint}-data-quality`,
      `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/${endpoint}`,
      `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${model}-drift`,
    ];
    for (const resource of resources) {
      lookups++;
      const url = `${api}/v1/escalation?resource=${encodeURIComponent(
        resource,
      )}`;
      const asGuest = await get(url, guest);
      const asService = await get(url, service);
      const guestMatches =
        asGuest.status === 200
          ? (JSON.parse(asGuest.text) as EscalationResult).matches
          : [];
      const serviceMatches =
        asService.status === 200
          ? (JSON.parse(asService.text) as EscalationResult).matches
          : [];
      if (asGuest.status !== 200 || guestMatches.length > 0)
        leakedInEscalation.push(
          `${resource}: ${asGuest.status}, ${guestMatches.length} matches`,
        );
      if (!serviceMatches.some(m => m.entityRef === refOf(i)))
        problems.push(`service lookup of ${resource} found nothing`);
    }
  }
  part.tried(
    `as the guest and as a service: reports, refreshes and catalog lookups of ${HIDDEN.length} hidden models and ${NO_REPORTS.length} model without the report permission, the fleet page by page, ${lookups} escalation lookups by endpoint, alarm, schedule and ARN`,
  );
  part.check(
    'escalation lookups never reveal a withheld model to the guest (an empty answer, not an error)',
    leakedInEscalation.length === 0,
    leakedInEscalation.slice(0, 3).join('; '),
  );
  part.check(
    'answers are as expected (404 for hidden, 403 for a visible model without permission, 200 otherwise)',
    problems.length === 0,
    problems.slice(0, 4).join('; '),
  );
}

/**
 * The runbook action routes: plan and apply need ml-observability.model.act
 * (403 without it), the run list and a run the report's read permission
 * (OpenAPI: "same permissions as the report"); a model the caller cannot see
 * is a 404 on every one of them, answered like a model that does not exist.
 */
async function actionsStep(
  part: Part,
  options: { api: string; guest: string; service: string },
) {
  const { api, guest, service } = options;
  const routes: Array<{
    label: string;
    method: string;
    path: string;
    body?: object;
    /** Needs ml-observability.model.act (else only the read permission). */
    acts: boolean;
  }> = [
    {
      label: 'plan',
      method: 'POST',
      path: '/actions/severity-1',
      body: { dryRun: true },
      acts: true,
    },
    {
      label: 'apply',
      method: 'POST',
      path: '/actions/severity-1',
      body: {},
      acts: true,
    },
    {
      label: 'get run',
      method: 'GET',
      path: `/actions/runs/${RUN_ID}`,
      acts: false,
    },
    {
      label: 'undo',
      method: 'POST',
      path: `/actions/runs/${RUN_ID}/undo`,
      body: {},
      acts: true,
    },
    { label: 'list', method: 'GET', path: '/actions', acts: false },
  ];
  const call = (model: string, route: (typeof routes)[number], who: string) =>
    part.send({
      method: route.method,
      url: `${api}/v1/models/default/component/${model}${route.path}`,
      headers: {
        authorization: who,
        ...(route.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(route.body ? { body: JSON.stringify(route.body) } : {}),
    });
  const problems: string[] = [];
  const expect = (
    what: string,
    answer: { status: number; text: string },
    status: number,
    says?: string,
  ) => {
    const message = errorMessage(answer.text) ?? '';
    if (
      answer.status !== status ||
      (status >= 400 && !message) ||
      (says && !message.includes(says))
    )
      problems.push(
        `${what}: ${answer.status} (expected ${status}${
          says ? ` saying "${says}"` : ''
        }) ${message || answer.text.slice(0, 100)}`,
      );
  };
  let calls = 0;
  for (const route of routes) {
    // Visible and readable, without the act permission.
    const plain = modelName(1);
    const a = await call(plain, route, guest);
    calls++;
    if (route.acts)
      expect(
        `guest, ${route.label} on ${plain}`,
        a,
        403,
        'ml-observability.model.act',
      );
    else if (route.label === 'list') expect(`guest, list of ${plain}`, a, 200);
    else
      expect(
        `guest, get run of ${plain}`,
        a,
        404,
        `has no action run ${RUN_ID}`,
      );
    // Visible, without the read permission: nothing about its actions either.
    for (const i of NO_REPORTS) {
      calls++;
      expect(
        `guest, ${route.label} on ${modelName(i)} (no read permission)`,
        await call(modelName(i), route, guest),
        403,
      );
    }
    // Hidden: a 404 answered exactly like a model that does not exist.
    const unknown = await call('no-such-model', route, guest);
    calls++;
    for (const i of HIDDEN) {
      const hidden = await call(modelName(i), route, guest);
      calls++;
      expect(`guest, ${route.label} on hidden ${modelName(i)}`, hidden, 404);
      if (
        errorMessage(hidden.text)?.replace(modelName(i), 'X') !==
        errorMessage(unknown.text)?.replace('no-such-model', 'X')
      )
        problems.push(
          `guest, ${route.label} on hidden ${modelName(
            i,
          )} answers "${errorMessage(
            hidden.text,
          )}", a model that does not exist "${errorMessage(unknown.text)}"`,
        );
    }
  }
  // Positive controls: past the permission checks, these models simply declare no action.
  const plan = routes[0];
  const noAction = 'it declares no structured action';
  for (const i of ACTS) {
    calls++;
    expect(
      `guest, plan on ${modelName(i)} (act allowed)`,
      await call(modelName(i), plan, guest),
      404,
      noAction,
    );
  }
  for (const i of HIDDEN) {
    calls++;
    expect(
      `service, plan on ${modelName(i)}`,
      await call(modelName(i), plan, service),
      404,
      noAction,
    );
  }
  part.tried(
    `runbook action routes (${routes
      .map(r => r.label)
      .join(
        ', ',
      )}) as the guest on a readable model without ml-observability.model.act, on ${
      NO_REPORTS.length
    } model without the read permission, on ${
      HIDDEN.length
    } hidden models and one that does not exist; the guest on ${
      ACTS.length
    } model it may act on and a service on the hidden ones as controls (${calls} calls; forged and missing tokens on these routes are in the 401 check above)`,
  );
  part.check(
    'runbook action routes: 403 without the act permission (plan, apply, undo) or the read permission (all five), 404 for a hidden model like one that does not exist',
    problems.length === 0,
    problems.slice(0, 4).join('; '),
  );
}
