// Generated from plugins/ml-observability-backend/src/schema/openapi.yaml by
// plugins/ml-observability-backend/scripts/openapi.js; do not edit.

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'ml-observability',
    version: '1',
    description:
      "Health, monitoring data, ownership and escalation of the ML models in the software catalog, from snapshots the backend collects from SageMaker and CloudWatch. Paths are relative to the plugin's base URL, /api/ml-observability. Every route but /health needs a Backstage token; models the caller cannot see in the catalog are answered with 404 and left out of lists.",
    license: {
      name: 'Apache-2.0',
      url: 'http://www.apache.org/licenses/LICENSE-2.0.html',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'GetHealth',
        description: 'Liveness of the plugin. Needs no token.',
        security: [],
        responses: {
          '200': {
            description: 'The plugin is up.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: {
                      type: 'string',
                      enum: ['ok'],
                    },
                  },
                  required: ['status'],
                },
              },
            },
          },
        },
      },
    },
    '/v1/models': {
      get: {
        operationId: 'GetFleet',
        description:
          'The models the caller may read, worst health first (critical, warning, unknown, healthy; then by number of reasons and title), one page at a time. Filters of the same name are ORed, different filters ANDed.',
        parameters: [
          {
            name: 'owner',
            in: 'query',
            description:
              'Owner entity refs; a bare name means a group in the default namespace.',
            allowReserved: true,
            schema: {
              type: 'array',
              items: {
                type: 'string',
                minLength: 1,
                maxLength: 400,
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'status',
            in: 'query',
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/HealthStatus',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'lifecycle',
            in: 'query',
            schema: {
              type: 'array',
              items: {
                type: 'string',
                minLength: 1,
                maxLength: 200,
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'account',
            in: 'query',
            description: 'AWS account ids.',
            schema: {
              type: 'array',
              items: {
                type: 'string',
                pattern: '^\\d{12}$',
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'sort',
            in: 'query',
            required: false,
            description:
              'firedIn7d: most fired first (transitions into ALARM in the last 7 days, from the alert history), ties in the default order. Absent: worst first.',
            schema: {
              type: 'string',
              enum: ['firedIn7d'],
            },
          },
          {
            name: 'region',
            in: 'query',
            description: 'AWS regions.',
            schema: {
              type: 'array',
              items: {
                type: 'string',
                minLength: 1,
                maxLength: 40,
              },
            },
            style: 'form',
            explode: true,
          },
          {
            name: 'cursor',
            in: 'query',
            description:
              'The nextCursor of the previous page, with the same filters.',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 500,
            },
          },
          {
            name: 'limit',
            in: 'query',
            description: 'Page size, 1 to 100. Default 50.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
            },
          },
        ],
        responses: {
          '200': {
            description: 'One page of the fleet.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/FleetPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/v1/models/{namespace}/{kind}/{name}': {
      get: {
        operationId: 'GetModelReport',
        description:
          'The observability report of one model, with series over the given range.',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'range',
            in: 'query',
            description: 'How far back the series go. Default 24h.',
            schema: {
              type: 'string',
              enum: ['24h', '7d', '30d'],
            },
          },
        ],
        responses: {
          '200': {
            description: 'The report.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ModelReport',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/v1/models/{namespace}/{kind}/{name}/refresh': {
      post: {
        operationId: 'RefreshModel',
        description:
          'Collects this model from AWS now and returns its new report (series over 24h). Needs the ml-observability.model.refresh permission on the entity; each model can be refreshed once per cooldown (mlObservability.refreshCooldownSeconds).',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The report after collection.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ModelReport',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '429': {
            description:
              'Refreshed too recently; the Retry-After header says when to try again.',
            headers: {
              'Retry-After': {
                schema: {
                  type: 'integer',
                },
              },
            },
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/v1/models/{namespace}/{kind}/{name}/alerts': {
      get: {
        operationId: 'GetAlertHistory',
        description:
          "The model's alert history: its alarms' stored state changes (from alarm events, collection rounds and CloudWatch's alarm history), times fired in 7 and 30 days, time in ALARM, median time to recover and the noisy flag (mlObservability.alerts.noisy). Same permissions as the report.",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The alert history.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ModelAlertHistory',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/v1/models/{namespace}/{kind}/{name}/actions': {
      get: {
        operationId: 'ListActionRuns',
        description:
          "The model's runbook action runs (applies and undos), newest first, up to 50: who ran what, when, the plan they confirmed and how it ended. Same permissions as the report.",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The runs.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ActionRunList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/v1/models/{namespace}/{kind}/{name}/actions/{actionId}': {
      post: {
        operationId: 'RunAction',
        description:
          "Plans (dryRun) or applies the runbook action `actionId` (a severity rule's action, `severity-N`). Needs the ml-observability.model.act permission on the entity. The plan reads the resources from AWS now and says what applying would change, or why it cannot run (refusals). Applying starts a run and answers at once (202); the run follows the endpoint until InService (or the pipeline execution until it ends): read it with GET .../actions/runs/{runId}. One action at a time per endpoint (across replicas); a repeated idempotencyKey of the same caller answers the first run; applies are rate limited per model (mlObservability.actions).",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/actionId',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ActionRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The plan (dryRun), or the run an earlier request with the same idempotency key started.',
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    {
                      $ref: '#/components/schemas/ActionPlan',
                    },
                    {
                      $ref: '#/components/schemas/ActionRun',
                    },
                  ],
                },
              },
            },
          },
          '202': {
            description: 'The run started.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ActionRun',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '429': {
            $ref: '#/components/responses/TooManyRequests',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}': {
      get: {
        operationId: 'GetActionRun',
        description:
          "One run of the model's runbook actions, with its progress so far. Same permissions as the report.",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/runId',
          },
        ],
        responses: {
          '200': {
            description: 'The run.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ActionRun',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/v1/models/{namespace}/{kind}/{name}/actions/runs/{runId}/undo': {
      post: {
        operationId: 'UndoActionRun',
        description:
          "Plans (dryRun) or starts the undo of a run: a traffic shift's weights are set back to those recorded before it, an alarm mute rule is deleted. Same permission, lock, idempotency and rate limit as applying.",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            $ref: '#/components/parameters/runId',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ActionRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The plan of the undo (dryRun), or the undo an earlier request with the same key started.',
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    {
                      $ref: '#/components/schemas/ActionPlan',
                    },
                    {
                      $ref: '#/components/schemas/ActionRun',
                    },
                  ],
                },
              },
            },
          },
          '202': {
            description: 'The undo started.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ActionRun',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '429': {
            $ref: '#/components/responses/TooManyRequests',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/v1/escalation': {
      get: {
        operationId: 'GetEscalation',
        description:
          "Which models an AWS resource belongs to, their owners, escalation path and the runbook's severity rule that applies now (or the most severe one). Only models the caller may read are returned.",
        parameters: [
          {
            name: 'resource',
            in: 'query',
            required: true,
            description:
              'An endpoint name, alarm name, monitoring schedule name, or the ARN of an endpoint, monitoring schedule or alarm.',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 2048,
            },
          },
        ],
        responses: {
          '200': {
            description:
              'The matching models, worst health first; empty when none.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EscalationResult',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/v1/status': {
      get: {
        operationId: 'GetCollectorStatus',
        description:
          'Whether the last fleet collection round succeeded (when it ran, how long it took, its outcome, how many models) and which sources are failing, per source, account and region, from the snapshots every replica shares. Degraded sources only count the models the caller may read, as the fleet does.',
        responses: {
          '200': {
            description: "The collector's status.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CollectorStatus',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$',
        },
      },
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z][A-Za-z0-9]{0,62}$',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$',
        },
      },
      actionId: {
        name: 'actionId',
        in: 'path',
        required: true,
        description: "A severity rule's action id, `severity-N`.",
        schema: {
          type: 'string',
          pattern: '^severity-[1-9][0-9]?$',
        },
      },
      runId: {
        name: 'runId',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z0-9-]{1,64}$',
        },
      },
    },
    responses: {
      Conflict: {
        description:
          'The action cannot run now: another action is running on the same endpoint (the message names who started it), the plan refuses (endpoint not InService, variant missing, ...), the run cannot be undone, or the idempotency key was used for another request.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      TooManyRequests: {
        description:
          'Too many action runs on this model recently; the Retry-After header says when to try again.',
        headers: {
          'Retry-After': {
            schema: {
              type: 'integer',
            },
          },
        },
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      BadRequest: {
        description:
          'The request is malformed; the message says what to change.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Unauthorized: {
        description: 'No valid Backstage token.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Forbidden: {
        description:
          'The caller can see the model but lacks the permission for this action.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      NotFound: {
        description: 'No such model, or one the caller cannot see.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Unavailable: {
        description:
          "The database or the catalog is briefly out of reach (a restart, say); retry after the Retry-After header's seconds.",
        headers: {
          'Retry-After': {
            schema: {
              type: 'integer',
            },
          },
        },
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
            required: ['statusCode'],
          },
        },
        required: ['error', 'response'],
      },
      IsoTime: {
        type: 'string',
        description: 'ISO 8601 date and time.',
      },
      HealthStatus: {
        type: 'string',
        enum: ['healthy', 'warning', 'critical', 'unknown'],
      },
      HealthReason: {
        type: 'object',
        properties: {
          severity: {
            type: 'string',
            enum: ['critical', 'warning', 'unknown', 'info'],
          },
          source: {
            type: 'string',
            enum: [
              'alarm',
              'endpoint',
              'data-capture',
              'monitoring-schedule',
              'monitoring-execution',
              'quality',
              'drift',
              'bias',
              'staleness',
              'source',
            ],
          },
          message: {
            type: 'string',
          },
          subject: {
            type: 'string',
          },
          since: {
            $ref: '#/components/schemas/IsoTime',
          },
        },
        required: ['severity', 'source', 'message'],
      },
      FailedSource: {
        type: 'object',
        description:
          'A source the verdict could not take into account: its last attempt was throttled, denied, failed or unsupported, and none of its good data is recent enough to judge by.',
        properties: {
          source: {
            type: 'string',
            description:
              'A key of SourceStatuses, e.g. schedules or ext:prometheus.',
          },
          outcome: {
            type: 'string',
            enum: [
              'ok',
              'throttled',
              'denied',
              'not-found',
              'unsupported',
              'error',
              'pending',
            ],
          },
          message: {
            type: 'string',
          },
          lastSuccessAt: {
            $ref: '#/components/schemas/IsoTime',
          },
        },
        required: ['source', 'outcome'],
      },
      ModelHealth: {
        type: 'object',
        properties: {
          status: {
            $ref: '#/components/schemas/HealthStatus',
          },
          reasons: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/HealthReason',
            },
          },
          partial: {
            type: 'boolean',
            description:
              'True when the verdict is the worst of the known signals while some sources could not be read (failedSources); absent when every source was read, and when nothing was (status unknown).',
          },
          failedSources: {
            type: 'array',
            description:
              'The sources the verdict could not see; absent when none.',
            items: {
              $ref: '#/components/schemas/FailedSource',
            },
          },
        },
        required: ['status', 'reasons'],
      },
      SeriesPoint: {
        type: 'object',
        properties: {
          t: {
            $ref: '#/components/schemas/IsoTime',
          },
          v: {
            type: 'number',
          },
        },
        required: ['t', 'v'],
      },
      Series: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/SeriesPoint',
        },
      },
      SourceStatus: {
        type: 'object',
        properties: {
          outcome: {
            type: 'string',
            enum: [
              'ok',
              'throttled',
              'denied',
              'not-found',
              'unsupported',
              'error',
              'pending',
            ],
          },
          message: {
            type: 'string',
          },
          lastSuccessAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          checkedAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          failingSince: {
            description:
              'While the source fails, the first round of this failure; absent when ok or pending.',
            $ref: '#/components/schemas/IsoTime',
          },
        },
        required: ['outcome'],
      },
      SourceStatuses: {
        type: 'object',
        properties: {
          endpoints: {
            $ref: '#/components/schemas/SourceStatus',
          },
          schedules: {
            $ref: '#/components/schemas/SourceStatus',
          },
          executions: {
            $ref: '#/components/schemas/SourceStatus',
          },
          alarms: {
            $ref: '#/components/schemas/SourceStatus',
          },
          metrics: {
            $ref: '#/components/schemas/SourceStatus',
          },
          'custom-metrics': {
            $ref: '#/components/schemas/SourceStatus',
          },
          runbook: {
            $ref: '#/components/schemas/SourceStatus',
          },
          catalog: {
            $ref: '#/components/schemas/SourceStatus',
          },
        },
        patternProperties: {
          '^ext:[a-z][a-z0-9-]*$': {
            $ref: '#/components/schemas/SourceStatus',
          },
        },
        additionalProperties: false,
      },
      VariantInfo: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          modelName: {
            type: 'string',
          },
          instanceType: {
            type: 'string',
          },
          currentWeight: {
            type: 'number',
          },
          desiredWeight: {
            type: 'number',
          },
          currentInstanceCount: {
            type: 'integer',
          },
          desiredInstanceCount: {
            type: 'integer',
          },
          trafficPercent: {
            type: 'number',
          },
        },
        required: ['name'],
      },
      DataCaptureInfo: {
        type: 'object',
        properties: {
          enabled: {
            type: 'boolean',
          },
          status: {
            type: 'string',
            enum: ['Started', 'Stopped'],
          },
          samplingPercentage: {
            type: 'number',
          },
          samplingFromConfig: {
            type: 'boolean',
          },
          destination: {
            type: 'string',
          },
        },
        required: ['enabled'],
      },
      EndpointInfo: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          accountId: {
            type: 'string',
          },
          region: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: [
              'OutOfService',
              'Creating',
              'Updating',
              'SystemUpdating',
              'RollingBack',
              'InService',
              'Deleting',
              'Failed',
              'UpdateRollbackFailed',
              'unknown',
            ],
          },
          failureReason: {
            type: 'string',
          },
          endpointConfigName: {
            type: 'string',
          },
          createdAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          lastModifiedAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          variants: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/VariantInfo',
            },
          },
          shadowVariants: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/VariantInfo',
            },
          },
          dataCapture: {
            $ref: '#/components/schemas/DataCaptureInfo',
          },
          consoleUrl: {
            type: 'string',
          },
        },
        required: [
          'name',
          'region',
          'status',
          'variants',
          'shadowVariants',
          'dataCapture',
        ],
      },
      MonitoringType: {
        type: 'string',
        enum: [
          'DataQuality',
          'ModelQuality',
          'ModelBias',
          'ModelExplainability',
        ],
      },
      MonitoringExecutionInfo: {
        type: 'object',
        properties: {
          status: {
            type: 'string',
            enum: [
              'Pending',
              'Completed',
              'CompletedWithViolations',
              'InProgress',
              'Failed',
              'Stopping',
              'Stopped',
            ],
          },
          scheduledTime: {
            $ref: '#/components/schemas/IsoTime',
          },
          creationTime: {
            $ref: '#/components/schemas/IsoTime',
          },
          lastModifiedTime: {
            $ref: '#/components/schemas/IsoTime',
          },
          failureReason: {
            type: 'string',
          },
          violations: {
            type: 'integer',
          },
          processingJobArn: {
            type: 'string',
          },
        },
        required: ['status', 'scheduledTime'],
      },
      MonitoringScheduleInfo: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          arn: {
            type: 'string',
          },
          type: {
            $ref: '#/components/schemas/MonitoringType',
          },
          status: {
            type: 'string',
            enum: ['Pending', 'Failed', 'Scheduled', 'Stopped'],
          },
          failureReason: {
            type: 'string',
          },
          cron: {
            type: 'string',
          },
          endpointName: {
            type: 'string',
          },
          publishesMetrics: {
            description:
              'Whether the schedule publishes CloudWatch metrics; "unknown" until seen.',
            anyOf: [
              {
                type: 'boolean',
              },
              {
                type: 'string',
                enum: ['unknown'],
              },
            ],
          },
          lastExecution: {
            $ref: '#/components/schemas/MonitoringExecutionInfo',
          },
          recentExecutions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MonitoringExecutionInfo',
            },
          },
          consoleUrl: {
            type: 'string',
          },
        },
        required: [
          'name',
          'type',
          'status',
          'publishesMetrics',
          'recentExecutions',
        ],
      },
      MetricSourceKind: {
        type: 'string',
        enum: ['model-monitor', 'custom'],
      },
      DriftItem: {
        type: 'object',
        properties: {
          feature: {
            type: 'string',
          },
          latest: {
            type: 'number',
          },
          latestAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          threshold: {
            type: 'number',
          },
          breached: {
            type: 'boolean',
          },
          since: {
            $ref: '#/components/schemas/IsoTime',
          },
          source: {
            $ref: '#/components/schemas/MetricSourceKind',
          },
          scheduleName: {
            type: 'string',
          },
          endpointName: {
            type: 'string',
          },
          namespace: {
            type: 'string',
            description:
              'The CloudWatch namespace a custom drift score is read from.',
          },
          accountId: {
            type: 'string',
            description:
              "Account of the item's endpoint; set when the model's endpoints span several accounts or regions.",
          },
          region: {
            type: 'string',
            description:
              "Region of the item's endpoint; set when the model's endpoints span several accounts or regions.",
          },
          series: {
            $ref: '#/components/schemas/Series',
          },
        },
        required: ['feature', 'threshold', 'breached', 'source', 'series'],
        description:
          'Drift of one feature. `latest` is absent when the metric has no datapoints yet (shown as "no data", never as zero).',
      },
      DriftCoverage: {
        type: 'object',
        description:
          'Features of one custom drift source (drift= in ml-observability/metrics): how many discovery found and how many are read and shown, at most cap.',
        properties: {
          namespace: {
            type: 'string',
          },
          dimensions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MetricDimension',
            },
          },
          shape: {
            type: 'string',
            enum: ['dimension', 'pattern'],
          },
          featureDimension: {
            type: 'string',
          },
          metricName: {
            type: 'string',
          },
          prefix: {
            type: 'string',
          },
          found: {
            type: 'integer',
            minimum: 0,
          },
          shown: {
            type: 'integer',
            minimum: 0,
          },
          cap: {
            type: 'integer',
            minimum: 1,
          },
          discoveredAt: {
            $ref: '#/components/schemas/IsoTime',
          },
        },
        required: ['namespace', 'dimensions', 'shape', 'shown', 'cap'],
      },
      ThresholdValue: {
        type: 'object',
        properties: {
          value: {
            type: 'number',
          },
          kind: {
            type: 'string',
            enum: ['business-hours', 'off-hours'],
          },
        },
        required: ['value', 'kind'],
      },
      QualityItem: {
        type: 'object',
        properties: {
          metric: {
            type: 'string',
          },
          label: {
            type: 'string',
          },
          latest: {
            type: 'number',
          },
          latestAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          threshold: {
            allOf: [
              {
                $ref: '#/components/schemas/ThresholdValue',
              },
              {
                type: 'object',
                properties: {
                  timeZone: {
                    type: 'string',
                  },
                },
                required: ['timeZone'],
              },
            ],
          },
          otherThreshold: {
            $ref: '#/components/schemas/ThresholdValue',
          },
          direction: {
            type: 'string',
            enum: ['higher-is-better', 'lower-is-better'],
          },
          display: {
            type: 'string',
            enum: ['percent', 'number'],
          },
          breached: {
            type: 'boolean',
          },
          source: {
            $ref: '#/components/schemas/MetricSourceKind',
          },
          scheduleName: {
            type: 'string',
          },
          endpointName: {
            type: 'string',
          },
          accountId: {
            type: 'string',
            description:
              "Account of the item's endpoint; set when the model's endpoints span several accounts or regions.",
          },
          region: {
            type: 'string',
            description:
              "Region of the item's endpoint; set when the model's endpoints span several accounts or regions.",
          },
          series: {
            $ref: '#/components/schemas/Series',
          },
        },
        required: [
          'metric',
          'label',
          'latest',
          'direction',
          'display',
          'breached',
          'source',
          'series',
        ],
      },
      MetricDimension: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          value: {
            type: 'string',
          },
        },
        required: ['name', 'value'],
      },
      AlertTransition: {
        type: 'object',
        properties: {
          alarmArn: {
            type: 'string',
          },
          alarmName: {
            type: 'string',
          },
          previousState: {
            type: 'string',
            enum: ['OK', 'ALARM', 'INSUFFICIENT_DATA'],
          },
          state: {
            type: 'string',
            enum: ['OK', 'ALARM', 'INSUFFICIENT_DATA'],
          },
          reason: {
            type: 'string',
          },
          at: {
            $ref: '#/components/schemas/IsoTime',
          },
          origin: {
            type: 'string',
            enum: ['eventbridge', 'sns', 'round', 'backfill'],
          },
        },
        required: ['alarmArn', 'alarmName', 'state', 'at', 'origin'],
      },
      AlertFigures: {
        type: 'object',
        properties: {
          firedIn7d: {
            type: 'integer',
          },
          firedIn30d: {
            type: 'integer',
          },
          timeInAlarmMs30d: {
            type: 'number',
          },
          medianRecoveryMs: {
            type: 'number',
          },
          noisy: {
            type: 'boolean',
          },
        },
        required: ['firedIn7d', 'firedIn30d', 'timeInAlarmMs30d', 'noisy'],
      },
      AlarmAlertStats: {
        allOf: [
          {
            $ref: '#/components/schemas/AlertFigures',
          },
          {
            type: 'object',
            properties: {
              alarmArn: {
                type: 'string',
              },
              alarmName: {
                type: 'string',
              },
              state: {
                type: 'string',
                enum: ['OK', 'ALARM', 'INSUFFICIENT_DATA'],
              },
              lastTransitionAt: {
                $ref: '#/components/schemas/IsoTime',
              },
            },
            required: ['alarmArn', 'alarmName'],
          },
        ],
      },
      ModelAlertHistory: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          generatedAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          retentionDays: {
            type: 'number',
          },
          noisyRule: {
            type: 'object',
            properties: {
              transitions: {
                type: 'integer',
              },
              windowHours: {
                type: 'integer',
              },
            },
            required: ['transitions', 'windowHours'],
          },
          totals: {
            $ref: '#/components/schemas/AlertFigures',
          },
          alarms: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AlarmAlertStats',
            },
          },
          transitions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AlertTransition',
            },
          },
        },
        required: [
          'entityRef',
          'generatedAt',
          'retentionDays',
          'noisyRule',
          'totals',
          'alarms',
          'transitions',
        ],
      },
      AlarmInfo: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          arn: {
            type: 'string',
          },
          type: {
            type: 'string',
            enum: ['metric', 'composite'],
          },
          state: {
            type: 'string',
            enum: ['OK', 'ALARM', 'INSUFFICIENT_DATA'],
          },
          stateReason: {
            type: 'string',
          },
          since: {
            $ref: '#/components/schemas/IsoTime',
          },
          metric: {
            type: 'object',
            properties: {
              namespace: {
                type: 'string',
              },
              name: {
                type: 'string',
              },
              dimensions: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/MetricDimension',
                },
              },
              stat: {
                type: 'string',
              },
              periodSeconds: {
                type: 'integer',
              },
            },
            required: ['namespace', 'name', 'dimensions'],
          },
          threshold: {
            type: 'number',
          },
          comparison: {
            type: 'string',
          },
          alarmRule: {
            type: 'string',
          },
          actionsEnabled: {
            type: 'boolean',
          },
          consoleUrl: {
            type: 'string',
          },
        },
        required: ['name', 'arn', 'type', 'state'],
      },
      CustomMetricSeries: {
        type: 'object',
        properties: {
          namespace: {
            type: 'string',
          },
          metricName: {
            type: 'string',
          },
          dimensions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MetricDimension',
            },
          },
          periodSeconds: {
            type: 'integer',
          },
          stat: {
            type: 'string',
          },
          unit: {
            type: 'string',
          },
          latest: {
            type: 'number',
          },
          latestAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          series: {
            $ref: '#/components/schemas/Series',
          },
          consoleUrl: {
            type: 'string',
          },
        },
        required: [
          'namespace',
          'metricName',
          'dimensions',
          'periodSeconds',
          'stat',
          'series',
        ],
      },
      BiasThreshold: {
        type: 'object',
        description:
          "The runbook's bounds of a bias metric (monitoring_config.bias.metrics).",
        properties: {
          min: {
            type: 'number',
          },
          max: {
            type: 'number',
          },
          absMax: {
            type: 'number',
          },
        },
      },
      BiasItem: {
        type: 'object',
        description:
          "One bias metric of one facet, from a ModelBias schedule (aws/sagemaker/Endpoints/bias-metrics) or a custom source whose namespace ends in bias-metrics. `dimensions` are the metric's dimensions besides Endpoint and MonitoringSchedule (Facet, FacetValue, Label, BiasStage...).",
        properties: {
          metric: {
            type: 'string',
            description:
              'Short name without the bias_metric_ prefix, e.g. DPPL.',
          },
          dimensions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MetricDimension',
            },
          },
          latest: {
            type: 'number',
          },
          latestAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          threshold: {
            $ref: '#/components/schemas/BiasThreshold',
          },
          breached: {
            type: 'boolean',
          },
          source: {
            $ref: '#/components/schemas/MetricSourceKind',
          },
          scheduleName: {
            type: 'string',
          },
          endpointName: {
            type: 'string',
          },
          series: {
            $ref: '#/components/schemas/Series',
          },
        },
        required: [
          'metric',
          'dimensions',
          'latest',
          'breached',
          'source',
          'series',
        ],
      },
      AttributionItem: {
        type: 'object',
        description:
          'The attribution (global SHAP value) of one feature from a ModelExplainability schedule; `change` is the newest value in the window minus the oldest (`reference`), absent with a single point.',
        properties: {
          feature: {
            type: 'string',
          },
          dimensions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MetricDimension',
            },
          },
          latest: {
            type: 'number',
          },
          latestAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          reference: {
            type: 'number',
          },
          referenceAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          change: {
            type: 'number',
          },
          source: {
            $ref: '#/components/schemas/MetricSourceKind',
          },
          scheduleName: {
            type: 'string',
          },
          endpointName: {
            type: 'string',
          },
          series: {
            $ref: '#/components/schemas/Series',
          },
        },
        required: ['feature', 'dimensions', 'latest', 'source', 'series'],
      },
      FairnessReport: {
        type: 'object',
        properties: {
          bias: {
            type: 'array',
            description: 'Breached first, then by metric and dimensions.',
            items: {
              $ref: '#/components/schemas/BiasItem',
            },
          },
          attribution: {
            type: 'array',
            description:
              'The features whose attribution moved most in the window, largest change first (at most 5).',
            items: {
              $ref: '#/components/schemas/AttributionItem',
            },
          },
          attributionCount: {
            type: 'integer',
            description: 'Attribution series of the model in all.',
          },
        },
        required: ['bias', 'attribution', 'attributionCount'],
      },
      OnCallLink: {
        type: 'object',
        properties: {
          provider: {
            type: 'string',
            enum: ['pagerduty', 'opsgenie'],
          },
          id: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
        },
        required: ['provider', 'id'],
      },
      EntityTitle: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
        },
        required: ['entityRef'],
      },
      Ownership: {
        type: 'object',
        properties: {
          owner: {
            $ref: '#/components/schemas/EntityTitle',
          },
          members: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                entityRef: {
                  type: 'string',
                },
                displayName: {
                  type: 'string',
                },
                email: {
                  type: 'string',
                },
              },
              required: ['entityRef'],
            },
          },
          onCall: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/OnCallLink',
            },
          },
        },
        required: ['members', 'onCall'],
      },
      SeverityRule: {
        type: 'object',
        properties: {
          level: {
            type: 'integer',
            minimum: 1,
          },
          condition: {
            type: 'string',
          },
          immediateAction: {
            type: 'string',
          },
          notification: {
            type: 'string',
          },
          timeline: {
            type: 'string',
          },
          action: {
            $ref: '#/components/schemas/SeverityAction',
          },
        },
        required: [
          'level',
          'condition',
          'immediateAction',
          'notification',
          'timeline',
        ],
      },
      SeverityAction: {
        description:
          "A severity rule's first action as the portal can run it (the runbook's `action`); its id names it in the actions routes.",
        oneOf: [
          {
            type: 'object',
            properties: {
              id: {
                type: 'string',
              },
              type: {
                type: 'string',
                enum: ['shift-traffic'],
              },
              label: {
                type: 'string',
              },
              toVariant: {
                type: 'string',
              },
              weight: {
                type: 'number',
                exclusiveMinimum: 0,
                maximum: 1,
              },
              endpoint: {
                type: 'string',
              },
            },
            required: ['id', 'type', 'label', 'toVariant', 'weight'],
          },
          {
            type: 'object',
            properties: {
              id: {
                type: 'string',
              },
              type: {
                type: 'string',
                enum: ['start-pipeline'],
              },
              label: {
                type: 'string',
              },
              pipeline: {
                type: 'string',
              },
              parameters: {
                type: 'object',
                additionalProperties: {
                  type: 'string',
                },
              },
            },
            required: ['id', 'type', 'label', 'pipeline', 'parameters'],
          },
          {
            type: 'object',
            properties: {
              id: {
                type: 'string',
              },
              type: {
                type: 'string',
                enum: ['mute-alarms'],
              },
              label: {
                type: 'string',
              },
              durationMinutes: {
                type: 'integer',
                minimum: 5,
                maximum: 1440,
              },
              alarms: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
            },
            required: ['id', 'type', 'label', 'durationMinutes'],
          },
        ],
        discriminator: {
          propertyName: 'type',
        },
      },
      ActionRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          dryRun: {
            type: 'boolean',
            description: 'Plan only; nothing changes. Default false.',
          },
          idempotencyKey: {
            type: 'string',
            minLength: 8,
            maxLength: 128,
            pattern: '^[A-Za-z0-9._:-]+$',
            description:
              'The same key from the same caller answers the run the first request started.',
          },
          alarmArn: {
            type: 'string',
            maxLength: 2048,
            description:
              "The alarm this responds to; its notification then names the run. Default the model's alarms in ALARM.",
          },
        },
      },
      VariantWeight: {
        type: 'object',
        properties: {
          variant: {
            type: 'string',
          },
          weight: {
            type: 'number',
            minimum: 0,
          },
          trafficPercent: {
            type: 'number',
            minimum: 0,
            maximum: 100,
          },
        },
        required: ['variant', 'weight', 'trafficPercent'],
      },
      ActionPlan: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          actionId: {
            type: 'string',
          },
          type: {
            type: 'string',
            enum: ['shift-traffic', 'start-pipeline', 'mute-alarms'],
          },
          label: {
            type: 'string',
          },
          ok: {
            type: 'boolean',
          },
          refusals: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          summary: {
            type: 'string',
          },
          steps: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          undoable: {
            type: 'boolean',
          },
          undoOf: {
            type: 'string',
          },
          shiftTraffic: {
            type: 'object',
            properties: {
              endpoint: {
                type: 'string',
              },
              accountId: {
                type: 'string',
              },
              region: {
                type: 'string',
              },
              endpointStatus: {
                type: 'string',
              },
              before: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/VariantWeight',
                },
              },
              after: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/VariantWeight',
                },
              },
            },
            required: [
              'endpoint',
              'accountId',
              'region',
              'endpointStatus',
              'before',
              'after',
            ],
          },
          startPipeline: {
            type: 'object',
            properties: {
              pipeline: {
                type: 'string',
              },
              accountId: {
                type: 'string',
              },
              region: {
                type: 'string',
              },
              parameters: {
                type: 'object',
                additionalProperties: {
                  type: 'string',
                },
              },
            },
            required: ['pipeline', 'accountId', 'region', 'parameters'],
          },
          muteAlarms: {
            type: 'object',
            properties: {
              accountId: {
                type: 'string',
              },
              region: {
                type: 'string',
              },
              alarms: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              durationMinutes: {
                type: 'integer',
              },
              ruleName: {
                type: 'string',
              },
            },
            required: [
              'accountId',
              'region',
              'alarms',
              'durationMinutes',
              'ruleName',
            ],
          },
        },
        required: [
          'entityRef',
          'actionId',
          'type',
          'label',
          'ok',
          'refusals',
          'summary',
          'steps',
          'undoable',
        ],
      },
      ActionRun: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          actionId: {
            type: 'string',
          },
          type: {
            type: 'string',
            enum: ['shift-traffic', 'start-pipeline', 'mute-alarms'],
          },
          label: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: ['apply', 'undo'],
          },
          actor: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['running', 'succeeded', 'failed'],
          },
          startedAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          finishedAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          plan: {
            $ref: '#/components/schemas/ActionPlan',
          },
          progress: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                at: {
                  $ref: '#/components/schemas/IsoTime',
                },
                message: {
                  type: 'string',
                },
              },
              required: ['at', 'message'],
            },
          },
          outcome: {
            type: 'string',
          },
          finalWeights: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/VariantWeight',
            },
          },
          pipelineExecution: {
            type: 'object',
            properties: {
              arn: {
                type: 'string',
              },
              status: {
                type: 'string',
              },
              failureReason: {
                type: 'string',
              },
            },
            required: ['arn', 'status'],
          },
          muteRule: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              endsAt: {
                $ref: '#/components/schemas/IsoTime',
              },
            },
            required: ['name', 'endsAt'],
          },
          undoOf: {
            type: 'string',
          },
          undoneBy: {
            type: 'string',
          },
          canUndo: {
            type: 'boolean',
          },
          alarmArn: {
            type: 'string',
          },
        },
        required: [
          'id',
          'entityRef',
          'actionId',
          'type',
          'label',
          'kind',
          'actor',
          'status',
          'startedAt',
          'plan',
          'progress',
          'canUndo',
        ],
      },
      ActionRunList: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          runs: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ActionRun',
            },
          },
        },
        required: ['entityRef', 'runs'],
      },
      Escalation: {
        type: 'object',
        properties: {
          path: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          severityRules: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SeverityRule',
            },
          },
          activeSeverity: {
            type: 'integer',
          },
          runbookUrl: {
            type: 'string',
          },
        },
        required: ['path', 'severityRules'],
      },
      Staleness: {
        type: 'object',
        properties: {
          isStale: {
            type: 'boolean',
          },
          ageSeconds: {
            type: ['integer', 'null'],
            description:
              'Age in seconds of the oldest data shown: since the collection, or since the last success of a source that has failed since; null when never collected.',
          },
          dataAsOf: {
            type: 'string',
            format: 'date-time',
            description:
              'Present when a source failed in the last collection and its earlier data is shown: the instant of the oldest such data.',
          },
        },
        required: ['isStale', 'ageSeconds'],
      },
      ModelReport: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          accountId: {
            type: 'string',
          },
          region: {
            type: 'string',
          },
          timeZone: {
            type: 'string',
          },
          health: {
            $ref: '#/components/schemas/ModelHealth',
          },
          endpoints: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EndpointInfo',
            },
          },
          monitoringSchedules: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MonitoringScheduleInfo',
            },
          },
          drift: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DriftItem',
            },
          },
          driftCoverage: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DriftCoverage',
            },
          },
          quality: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/QualityItem',
            },
          },
          alarms: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AlarmInfo',
            },
          },
          custom: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CustomMetricSeries',
            },
          },
          fairness: {
            $ref: '#/components/schemas/FairnessReport',
            description:
              'Bias and feature attribution; absent when the model has no such series.',
          },
          ownership: {
            $ref: '#/components/schemas/Ownership',
          },
          escalation: {
            $ref: '#/components/schemas/Escalation',
          },
          sources: {
            $ref: '#/components/schemas/SourceStatuses',
          },
          collectedAt: {
            description: 'When good data was last collected; null when never.',
            type: ['string', 'null'],
          },
          stale: {
            $ref: '#/components/schemas/Staleness',
          },
          scheduleListUnread: {
            $ref: '#/components/schemas/ScheduleListUnread',
          },
        },
        required: [
          'entityRef',
          'health',
          'endpoints',
          'monitoringSchedules',
          'drift',
          'quality',
          'alarms',
          'custom',
          'ownership',
          'escalation',
          'sources',
          'collectedAt',
          'stale',
        ],
      },
      ScheduleListUnread: {
        description:
          "Present when the last round could not read the monitoring schedule list (ListMonitoringSchedules) of the model's account/region (denied, throttled, unsupported, failed). Model Monitor drift and quality were then found by the endpoints' metrics (their `Endpoint` dimension); each drift and quality item names the schedule its metric's `MonitoringSchedule` dimension gives.",
        type: 'object',
        properties: {
          message: {
            description:
              'Why the list could not be read (the message of the `schedules` source).',
            type: 'string',
          },
          schedules: {
            description:
              "The schedules the report's Model Monitor drift and quality items came from, sorted.",
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['message', 'schedules'],
      },
      FleetRow: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          lifecycle: {
            type: 'string',
          },
          accountId: {
            type: 'string',
          },
          region: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/HealthStatus',
          },
          partial: {
            type: 'boolean',
          },
          failedSources: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/FailedSource',
            },
          },
          reasonCount: {
            type: 'integer',
            minimum: 0,
          },
          topReason: {
            type: 'string',
          },
          sparkline: {
            type: 'object',
            properties: {
              metric: {
                type: 'string',
              },
              display: {
                type: 'string',
                enum: ['percent', 'number'],
              },
              points: {
                $ref: '#/components/schemas/Series',
              },
            },
            required: ['metric', 'display', 'points'],
          },
          collectedAt: {
            type: ['string', 'null'],
          },
          firedIn7d: {
            type: 'integer',
            description:
              "Transitions into ALARM of the model's alarms in the last 7 days (alert history).",
          },
        },
        required: ['entityRef', 'status', 'reasonCount', 'collectedAt'],
      },
      FleetPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/FleetRow',
            },
          },
          nextCursor: {
            type: 'string',
          },
          totalCount: {
            type: 'integer',
            minimum: 0,
          },
        },
        required: ['items', 'totalCount'],
      },
      EscalationMatch: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          matchedBy: {
            type: 'string',
            enum: ['endpoint', 'alarm', 'schedule', 'arn'],
          },
          resource: {
            type: 'string',
          },
          owner: {
            $ref: '#/components/schemas/EntityTitle',
          },
          nextInPath: {
            type: 'string',
          },
          path: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          severityRule: {
            $ref: '#/components/schemas/SeverityRule',
          },
          runbookUrl: {
            type: 'string',
          },
          onCall: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/OnCallLink',
            },
          },
          health: {
            $ref: '#/components/schemas/HealthStatus',
          },
          recentTransitions: {
            description:
              "The matched alarm's latest stored transitions (at most 5), newest first; alarm and alarm ARN matches only.",
            type: 'array',
            maxItems: 5,
            items: {
              $ref: '#/components/schemas/AlertTransition',
            },
          },
        },
        required: ['entityRef', 'matchedBy', 'path'],
      },
      EscalationResult: {
        type: 'object',
        properties: {
          query: {
            type: 'string',
          },
          matches: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EscalationMatch',
            },
          },
        },
        required: ['query', 'matches'],
      },
      CollectionRoundSummary: {
        type: 'object',
        properties: {
          id: {
            type: 'integer',
          },
          startedAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          finishedAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          durationMs: {
            type: 'integer',
            minimum: 0,
          },
          outcome: {
            type: 'string',
            enum: ['ok', 'failed', 'aborted'],
          },
          models: {
            type: 'integer',
            minimum: 0,
          },
          error: {
            type: 'string',
          },
        },
        required: [
          'id',
          'startedAt',
          'finishedAt',
          'durationMs',
          'outcome',
          'models',
        ],
      },
      DegradedSource: {
        type: 'object',
        properties: {
          source: {
            type: 'string',
            description:
              'A built-in source id (endpoints, schedules, ...) or ext:<signal source id>.',
          },
          accountId: {
            type: 'string',
          },
          region: {
            type: 'string',
          },
          outcome: {
            type: 'string',
            enum: [
              'ok',
              'throttled',
              'denied',
              'not-found',
              'unsupported',
              'error',
              'pending',
            ],
          },
          message: {
            type: 'string',
          },
          since: {
            description:
              'The earliest time the affected models started failing, when known.',
            $ref: '#/components/schemas/IsoTime',
          },
          models: {
            type: 'integer',
            minimum: 1,
          },
          entityRefs: {
            type: 'array',
            maxItems: 10,
            items: {
              type: 'string',
            },
          },
        },
        required: ['source', 'outcome', 'models', 'entityRefs'],
      },
      CollectorStatus: {
        type: 'object',
        properties: {
          status: {
            type: 'string',
            enum: ['ok', 'degraded', 'failed', 'stale', 'not-run'],
          },
          lastRound: {
            oneOf: [
              {
                $ref: '#/components/schemas/CollectionRoundSummary',
              },
              {
                type: 'null',
              },
            ],
          },
          lastSuccessAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          degradedSources: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DegradedSource',
            },
          },
          alertQueues: {
            description:
              "The alarm queues (mlObservability.alerts.queues) as this replica's consumers see them; absent when none is configured. A denied, missing or failing queue makes the status degraded.",
            type: 'array',
            items: {
              $ref: '#/components/schemas/AlertQueueStatus',
            },
          },
        },
        required: ['status', 'lastRound', 'degradedSources'],
      },
      AlertQueueStatus: {
        type: 'object',
        properties: {
          queueUrl: {
            type: 'string',
          },
          accountId: {
            type: 'string',
          },
          region: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['ok', 'denied', 'missing', 'failing', 'idle'],
          },
          message: {
            type: 'string',
          },
          lastPollAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          lastMessageAt: {
            $ref: '#/components/schemas/IsoTime',
          },
          received: {
            type: 'integer',
          },
          handled: {
            type: 'integer',
          },
          unparseable: {
            type: 'integer',
          },
        },
        required: [
          'queueUrl',
          'accountId',
          'region',
          'state',
          'received',
          'handled',
          'unparseable',
        ],
      },
    },
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
    },
  },
  security: [
    {},
    {
      JWT: [],
    },
  ],
} as const;
