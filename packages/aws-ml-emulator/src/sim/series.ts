import { compareStrings } from '../util/pagination';
import { MINUTE, ceilTo } from '../util/time';
import { FEATURE_STATISTICS, FeatureSpec, FeatureStatistic } from './model';
import type { ModelSim, SimulatedSchedule } from './modelSim';
import { ExecutionOutcome, finishedRuns, latestExecution } from './monitoring';

export interface Dimension {
  Name: string;
  Value: string;
}

export interface Sample {
  t: number;
  v: number;
}

export const NAMESPACES = {
  dataMetrics: 'aws/sagemaker/Endpoints/data-metrics',
  modelMetrics: 'aws/sagemaker/Endpoints/model-metrics',
  biasMetrics: 'aws/sagemaker/Endpoints/bias-metrics',
  explainabilityMetrics: 'aws/sagemaker/Endpoints/explainability-metrics',
  custom: 'ML/ModelPerformance',
  drift: 'ML/Drift',
  monitoring: 'ML/ModelMonitoring',
  endpoint: 'AWS/SageMaker',
} as const;

export const MONITORING_FAILURE_METRIC = 'MonitoringExecutionFailures';

/** A simulated CloudWatch metric: identity plus its datapoints as visible at `asOf`. */
export interface SimSeries {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  unit: string;
  /** Samples with from <= t < to that had been published by `asOf`, ascending. */
  samples(from: number, to: number, asOf: number): Sample[];
  /** Timestamp of the newest sample published by `asOf`. */
  lastSampleAt(asOf: number): number | undefined;
}

/** The identity key CloudWatch uses: namespace, name and the dimension set (order-free). */
export function seriesKey(
  namespace: string,
  metricName: string,
  dimensions: Dimension[],
): string {
  const dims = [...dimensions]
    .sort((a, b) => compareStrings(a.Name, b.Name))
    .map(d => `${d.Name}=${d.Value}`)
    .join('\u0001');
  return `${namespace}\u0000${metricName}\u0000${dims}`;
}

const MONITOR_LOOKBACK_RUNS = 400;

/** Published once per successful monitoring execution, timestamped at its scheduled time. */
type Run = { scheduledAt: number; outcome: ExecutionOutcome };

function monitorSeries(
  schedule: SimulatedSchedule,
  namespace: string,
  metricName: string,
  value: (run: Run) => number | undefined,
  include: (run: Run) => boolean = isSuccessful,
  /** Clarify metrics: facet, label... after Endpoint and MonitoringSchedule. */
  extraDimensions: Dimension[] = [],
): SimSeries {
  const runtime = schedule.runtime;
  return {
    namespace,
    metricName,
    dimensions: [
      { Name: 'Endpoint', Value: runtime.endpointName ?? '' },
      { Name: 'MonitoringSchedule', Value: runtime.name },
      ...extraDimensions,
    ],
    unit: 'None',
    samples(from, to, asOf) {
      const out: Sample[] = [];
      for (const run of finishedRuns(runtime, from, to, asOf)) {
        if (!include(run)) continue;
        const v = value(run);
        if (v !== undefined) out.push({ t: run.scheduledAt, v });
      }
      return out;
    },
    lastSampleAt(asOf) {
      const latest = latestExecution(runtime, asOf);
      if (!latest) return undefined;
      let count = 0;
      for (const run of finishedRuns(
        runtime,
        -Infinity,
        latest.scheduledAt + 1,
        asOf,
        true,
      )) {
        if (include(run)) return run.scheduledAt;
        if (++count > MONITOR_LOOKBACK_RUNS) break;
      }
      return undefined;
    },
  };
}

function isSuccessful(run: Run): boolean {
  return run.outcome.status !== 'Failed';
}

const isFinished = () => true;

/** Published every `intervalMs` from `start` (until `stop`), each sample the value for its slot. */
function periodicSeries(
  identity: Omit<SimSeries, 'samples' | 'lastSampleAt'>,
  start: number,
  intervalMs: number,
  value: (t: number) => number,
  stop = Infinity,
): SimSeries {
  return {
    ...identity,
    samples(from, to, asOf) {
      const out: Sample[] = [];
      const end = Math.min(to, asOf + 1, stop);
      for (
        let t = ceilTo(Math.max(from, start), intervalMs);
        t < end;
        t += intervalMs
      ) {
        out.push({ t, v: value(t) });
      }
      return out;
    },
    lastSampleAt(asOf) {
      const t = Math.floor(Math.min(asOf, stop - 1) / intervalMs) * intervalMs;
      return t >= start ? t : undefined;
    },
  };
}

/** The drift job's series: one per feature (by dimension or by name), and the share drifted. */
function driftJobSeries(model: ModelSim): SimSeries[] {
  const job = model.spec.driftJob;
  if (!job) return [];
  const own = [{ Name: 'ModelName', Value: model.name }];
  const intervalMs = job.intervalSeconds * 1000;
  const score = (f: FeatureSpec, t: number) =>
    model.featureValue(f, 'baseline_drift', t);
  const out = model.spec.features.map(f =>
    periodicSeries(
      job.shape === 'dimension'
        ? {
            namespace: NAMESPACES.drift,
            metricName: job.metricName,
            dimensions: [...own, { Name: job.featureDimension, Value: f.name }],
            unit: 'None',
          }
        : {
            namespace: NAMESPACES.drift,
            metricName: `${job.prefix}${f.name}`,
            dimensions: own,
            unit: 'None',
          },
      model.spec.createdAt,
      intervalMs,
      t => score(f, t),
      job.stoppedAt?.[f.name],
    ),
  );
  if (job.shareMetric) {
    out.push(
      periodicSeries(
        {
          namespace: NAMESPACES.drift,
          metricName: job.shareMetric,
          dimensions: own,
          unit: 'None',
        },
        model.spec.createdAt,
        intervalMs,
        t => {
          const live = model.spec.features.filter(
            f => (job.stoppedAt?.[f.name] ?? Infinity) > t,
          );
          const drifted = live.filter(f => score(f, t) > job.threshold);
          return live.length
            ? Math.round((drifted.length / live.length) * 1e6) / 1e6
            : 0;
        },
      ),
    );
  }
  return out;
}

function featureSeries(
  model: ModelSim,
  schedule: SimulatedSchedule,
): SimSeries[] {
  const out: SimSeries[] = [];
  for (const feature of model.spec.features) {
    for (const statistic of FEATURE_STATISTICS) {
      out.push(
        monitorSeries(
          schedule,
          NAMESPACES.dataMetrics,
          `feature_${statistic}_${feature.name}`,
          e => model.featureValue(feature, statistic, e.scheduledAt),
        ),
      );
    }
  }
  return out;
}

function qualitySeries(
  model: ModelSim,
  schedule: SimulatedSchedule,
): SimSeries[] {
  return Object.keys(model.spec.quality).map(metric =>
    monitorSeries(schedule, NAMESPACES.modelMetrics, metric, e =>
      model.qualityValue(metric, e.scheduledAt),
    ),
  );
}

/** Clarify bias metrics as the docs describe them: `bias_metric_<short name>`, one series per facet. */
function biasSeries(model: ModelSim, schedule: SimulatedSchedule): SimSeries[] {
  const bias = model.spec.bias;
  if (!bias) return [];
  return bias.facets.flatMap(facet =>
    Object.keys(facet.metrics).map(metric =>
      monitorSeries(
        schedule,
        NAMESPACES.biasMetrics,
        `bias_metric_${metric}`,
        run => model.biasValue(facet, metric, run.scheduledAt),
        isSuccessful,
        [
          { Name: 'BiasStage', Value: bias.stage },
          { Name: 'Label', Value: bias.label },
          { Name: 'LabelValue', Value: bias.labelValue },
          { Name: 'Facet', Value: facet.facet },
          { Name: 'FacetValue', Value: facet.value },
        ],
      ),
    ),
  );
}

/** Global SHAP values: `feature_<name>` per feature and label. */
function attributionSeries(
  model: ModelSim,
  schedule: SimulatedSchedule,
): SimSeries[] {
  const attribution = model.spec.attribution;
  if (!attribution) return [];
  return Object.keys(attribution.features).map(feature =>
    monitorSeries(
      schedule,
      NAMESPACES.explainabilityMetrics,
      `feature_${feature}`,
      run => model.attributionValue(feature, run.scheduledAt),
      isSuccessful,
      [
        { Name: 'ExplainabilityMethod', Value: 'KernelShap' },
        { Name: 'Label', Value: attribution.label },
        { Name: 'ValueType', Value: 'GlobalShapValues' },
      ],
    ),
  );
}

function endpointSeries(model: ModelSim): SimSeries[] {
  const endpoint = model.spec.endpoint;
  if (!endpoint || endpoint.status !== 'InService') return [];
  const out: SimSeries[] = [];
  const variants = [
    ...endpoint.variants.map(v => ({ v, shadow: false })),
    ...(endpoint.shadowVariants ?? []).map(v => ({ v, shadow: true })),
  ];
  for (const { v, shadow } of variants) {
    const dimensions = [
      { Name: 'EndpointName', Value: endpoint.name },
      { Name: 'VariantName', Value: v.name },
    ];
    out.push(
      periodicSeries(
        {
          namespace: NAMESPACES.endpoint,
          metricName: 'Invocations',
          dimensions,
          unit: 'None',
        },
        endpoint.createdAt,
        MINUTE,
        t => model.invocations(v, t, shadow),
      ),
      periodicSeries(
        {
          namespace: NAMESPACES.endpoint,
          metricName: 'ModelLatency',
          dimensions,
          unit: 'Microseconds',
        },
        endpoint.createdAt,
        MINUTE,
        t => model.latency(v, t),
      ),
    );
  }
  return out;
}

/** All simulated series of a model, in a stable order; optionally one namespace only. */
export function modelSeries(model: ModelSim, namespace?: string): SimSeries[] {
  const want = (ns: string) => namespace === undefined || namespace === ns;
  const out: SimSeries[] = [];
  const schedules = [...model.schedules.values()];
  if (want(NAMESPACES.dataMetrics)) {
    for (const s of schedules) {
      if (s.spec.type === 'DataQuality' && s.spec.publishMetrics)
        out.push(...featureSeries(model, s));
    }
  }
  if (want(NAMESPACES.modelMetrics)) {
    for (const s of schedules) {
      if (s.spec.type === 'ModelQuality' && s.spec.publishMetrics)
        out.push(...qualitySeries(model, s));
    }
  }
  if (want(NAMESPACES.biasMetrics)) {
    for (const s of schedules) {
      if (s.spec.type === 'ModelBias' && s.spec.publishMetrics)
        out.push(...biasSeries(model, s));
    }
  }
  if (want(NAMESPACES.explainabilityMetrics)) {
    for (const s of schedules) {
      if (s.spec.type === 'ModelExplainability' && s.spec.publishMetrics)
        out.push(...attributionSeries(model, s));
    }
  }
  if (want(NAMESPACES.custom)) {
    for (const metric of model.spec.custom) {
      out.push(
        periodicSeries(
          {
            namespace: NAMESPACES.custom,
            metricName: metric.name,
            dimensions: [{ Name: 'ModelName', Value: model.name }],
            unit: metric.unit,
          },
          model.spec.createdAt,
          metric.intervalSeconds * 1000,
          t => model.customValue(metric, t),
        ),
      );
    }
  }
  if (want(NAMESPACES.drift)) out.push(...driftJobSeries(model));
  if (want(NAMESPACES.monitoring)) {
    for (const s of schedules) {
      out.push(
        monitorSeries(
          s,
          NAMESPACES.monitoring,
          MONITORING_FAILURE_METRIC,
          run => (run.outcome.status === 'Failed' ? 1 : 0),
          isFinished,
        ),
      );
    }
  }
  if (want(NAMESPACES.endpoint)) out.push(...endpointSeries(model));
  return out;
}

const FEATURE_METRIC = new RegExp(
  `^feature_(${FEATURE_STATISTICS.join('|')})_(.+)$`,
);

/** Resolves a metric identity to its simulated series without enumerating the fleet. */
export function resolveSimSeries(
  lookup: {
    scheduleSim(
      name: string,
    ): { model: ModelSim; schedule: SimulatedSchedule } | undefined;
    modelByName(name: string): ModelSim | undefined;
    modelByEndpoint(name: string): ModelSim | undefined;
  },
  namespace: string,
  metricName: string,
  dimensions: Dimension[],
): SimSeries | undefined {
  const dims = new Map(dimensions.map(d => [d.Name, d.Value]));
  if (dims.size !== dimensions.length) return undefined;
  const matches = (series: SimSeries) =>
    series.metricName === metricName &&
    series.dimensions.length === dims.size &&
    series.dimensions.every(d => dims.get(d.Name) === d.Value);
  let candidates: SimSeries[] = [];
  if (
    namespace === NAMESPACES.dataMetrics ||
    namespace === NAMESPACES.modelMetrics ||
    namespace === NAMESPACES.biasMetrics ||
    namespace === NAMESPACES.explainabilityMetrics ||
    namespace === NAMESPACES.monitoring
  ) {
    const found = lookup.scheduleSim(dims.get('MonitoringSchedule') ?? '');
    if (!found) return undefined;
    if (namespace === NAMESPACES.dataMetrics) {
      const match = FEATURE_METRIC.exec(metricName);
      const feature = found.model.spec.features.find(
        f => f.name === match?.[2],
      );
      if (!match || !feature || found.schedule.spec.type !== 'DataQuality')
        return undefined;
      if (!found.schedule.spec.publishMetrics) return undefined;
      const statistic = match[1] as FeatureStatistic;
      candidates = [
        monitorSeries(found.schedule, namespace, metricName, e =>
          found.model.featureValue(feature, statistic, e.scheduledAt),
        ),
      ];
    } else {
      candidates = modelSeries(found.model, namespace).filter(
        s => s.dimensions[1]?.Value === found.schedule.spec.name,
      );
    }
  } else if (
    namespace === NAMESPACES.custom ||
    namespace === NAMESPACES.drift
  ) {
    const model = lookup.modelByName(dims.get('ModelName') ?? '');
    if (model) candidates = modelSeries(model, namespace);
  } else if (namespace === NAMESPACES.endpoint) {
    const model = lookup.modelByEndpoint(dims.get('EndpointName') ?? '');
    if (model) candidates = modelSeries(model, namespace);
  }
  return candidates.find(matches);
}
