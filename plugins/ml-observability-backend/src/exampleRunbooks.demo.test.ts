import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DescribeEndpointCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import {
  parseRunbook,
  severityRulesOf,
  type SeverityAction,
} from '@mlobs/backstage-plugin-ml-observability-common';
import {
  DEMO_ENDPOINTS,
  Emulator,
  emulatorClientConfig,
  startEmulator,
} from '@mlobs/aws-ml-emulator';

const EXAMPLES = resolve(__dirname, '../../../examples/runbooks');

/** Every structured action of the example runbooks, with the model it belongs to. */
function exampleActions(): Array<{ model: string; action: SeverityAction }> {
  return readdirSync(EXAMPLES)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(file => {
      const parsed = parseRunbook(
        readFileSync(resolve(EXAMPLES, file), 'utf8'),
      );
      if (!parsed.ok) throw new Error(`${file} does not parse`);
      return severityRulesOf(parsed.runbook).flatMap(rule =>
        rule.action
          ? [{ model: parsed.runbook.model_name, action: rule.action }]
          : [],
      );
    });
}

describe('the example runbooks’ actions against the demo emulator', () => {
  let emulator: Emulator;
  let sagemaker: SageMakerClient;
  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      scenario: 'demo',
      now: () => new Date('2026-11-25T14:37:00Z'),
    });
    sagemaker = new SageMakerClient(
      emulatorClientConfig({ url: emulator.url }),
    );
  });
  afterAll(() => emulator.stop());

  const actions = exampleActions();

  it('declares the recommendation-engine fallback shift and retraining run', () => {
    expect(
      actions
        .filter(a => a.model === 'recommendation-engine')
        .map(a => a.action),
    ).toEqual([
      expect.objectContaining({
        id: 'severity-1',
        type: 'shift-traffic',
        toVariant: 'popularity-fallback',
        weight: 1,
      }),
      expect.objectContaining({
        id: 'severity-2',
        type: 'start-pipeline',
        pipeline: 'recommendation-engine-retraining',
        parameters: { LookbackDays: '14', Reason: 'season drift' },
      }),
    ]);
  });

  /** What the demo makes of an action: the variants it could shift to, or the run it started. */
  async function resolveAction(model: string, action: SeverityAction) {
    if (action.type === 'shift-traffic') {
      const endpoints = DEMO_ENDPOINTS[model as keyof typeof DEMO_ENDPOINTS] as
        | readonly string[]
        | undefined;
      const described = await sagemaker.send(
        new DescribeEndpointCommand({
          EndpointName: action.endpoint ?? endpoints?.[0],
        }),
      );
      return {
        found: described.ProductionVariants!.some(
          v => v.VariantName === action.toVariant,
        ),
      };
    }
    if (action.type === 'start-pipeline') {
      // The emulator rejects parameters the pipeline does not declare, as SageMaker does.
      const started = await sagemaker.send(
        new StartPipelineExecutionCommand({
          PipelineName: action.pipeline,
          PipelineParameters: Object.entries(action.parameters).map(
            ([Name, Value]) => ({ Name, Value }),
          ),
        }),
      );
      return { found: started.PipelineExecutionArn !== undefined };
    }
    return { found: true };
  }

  it.each(actions.map(a => [a.model, a.action.id, a] as const))(
    '%s %s names resources the demo has (default account and region)',
    async (_model, _id, { model, action }) => {
      await expect(resolveAction(model, action)).resolves.toEqual({
        found: true,
      });
    },
  );
});
