/**
 * The batching floor of the backend issue, computed from what the emulator
 * holds, independently of the collector it is compared with:
 *
 *   ⌈endpoints/100⌉ ListEndpoints + ⌈schedules/100⌉ ListMonitoringSchedules
 *   + ⌈executions in the window/100⌉ ListMonitoringExecutions
 *   + ⌈alarms/100⌉ DescribeAlarms + ⌈metric queries/500⌉ GetMetricData
 *   + one Describe per endpoint or schedule whose LastModifiedTime changed
 *     (every claimed one on a cold start).
 *
 * A list walk costs at least one call even when the list is empty: nobody
 * learns that there is nothing new without asking.
 *
 * When the schedule list cannot be read (the schedule operations fail), a
 * round still lists once to learn whether it recovered, walks no executions
 * and describes no schedule; the Model Monitor metrics are then found by their
 * `Endpoint` dimension on the discovery rounds, and the least a round reads is
 * still what changed (the metrics of the schedules whose execution completed,
 * as the emulator knows them): a collector blind to executions can only match
 * it by reading when a value is due. See {@link FloorTracker.withoutScheduleList}.
 * Discovery itself (ListMetrics, counted apart from `total`) is one region-wide
 * walk of the four Model Monitor namespaces, ⌈metrics/500⌉ pages each, at least
 * one: the same walk finds metrics by schedule or by endpoint.
 */

export const LIST_PAGE = 100;
export const METRIC_QUERIES_PER_CALL = 500;
export const LIST_METRICS_PAGE = 500;

/** The floor's operations, as the emulator names them. */
export const FLOOR_OPERATIONS = [
  'ListEndpoints',
  'ListMonitoringSchedules',
  'ListMonitoringExecutions',
  'DescribeAlarms',
  'GetMetricData',
  'DescribeEndpoint',
  'DescribeMonitoringSchedule',
] as const;
export type FloorOperation = (typeof FLOOR_OPERATIONS)[number];

/** The resources of one account and region at one instant. */
export interface Inventory {
  /** Endpoint name → LastModifiedTime (ms). */
  endpoints: Map<string, number>;
  /** Schedule name → its endpoint and LastModifiedTime (ms). */
  schedules: Map<string, { endpoint: string; modified: number }>;
  alarms: number;
}

export interface ExecutionSummary {
  schedule: string;
  status: string;
  /** LastModifiedTime (ms). */
  modified: number;
}

export interface FloorRound {
  calls: Record<FloorOperation, number>;
  total: number;
  metricQueries: number;
  /** ListMetrics pages of the round's discovery walk (0 without one); not part of `total`. */
  listMetrics: number;
}

const pages = (items: number, size: number) =>
  Math.max(1, Math.ceil(items / size));

const COMPLETED = new Set(['Completed', 'CompletedWithViolations']);

/** A custom series the floor reads whenever its period has passed. */
export interface CustomSeries {
  key: string;
  periodMs: number;
}

/**
 * Follows a fleet round by round: the cold round describes everything the
 * models claim and reads every series; a steady round lists, describes what
 * moved and reads the Model Monitor metrics of schedules whose execution
 * completed in the window plus the custom series whose period has passed.
 */
export class FloorTracker {
  private previous?: { inventory: Inventory; at: number };
  private readonly customReadAt = new Map<string, number>();

  constructor(
    /** Model Monitor metrics each schedule publishes (ListMetrics), by schedule name. */
    private readonly monitorMetrics: Map<string, number>,
    private readonly customSeries: CustomSeries[],
    /** Endpoints the models name; only those (and their schedules) are described. */
    private readonly claimedEndpoints: Set<string>,
    /** Metrics listed in each Model Monitor namespace, for the discovery walk's pages. */
    private readonly monitorNamespaceSizes: number[] = [],
  ) {}

  /** ListMetrics pages of one discovery walk: each namespace, ⌈metrics/500⌉ pages, at least one. */
  discoveryPages(): number {
    return this.monitorNamespaceSizes.reduce(
      (n, size) => n + pages(size, LIST_METRICS_PAGE),
      0,
    );
  }

  /** Custom series whose period has passed, marked read at `at`. */
  private customDue(at: number): number {
    let due = 0;
    for (const series of this.customSeries) {
      const last = this.customReadAt.get(series.key) ?? -Infinity;
      if (at - last >= series.periodMs) {
        due++;
        this.customReadAt.set(series.key, at);
      }
    }
    return due;
  }

  private movedEndpoints(inventory: Inventory): number {
    const before = this.previous!.inventory;
    return [...inventory.endpoints.entries()].filter(
      ([name, modified]) =>
        this.claimedEndpoints.has(name) &&
        before.endpoints.get(name) !== modified,
    ).length;
  }

  /** The first round: `executions` are those modified within the lookback window. */
  cold(inventory: Inventory, executions: number, at: number): FloorRound {
    const claimedSchedules = [...inventory.schedules.values()].filter(s =>
      this.claimedEndpoints.has(s.endpoint),
    );
    const monitorQueries = [...inventory.schedules.entries()]
      .filter(([, s]) => this.claimedEndpoints.has(s.endpoint))
      .reduce((n, [name]) => n + (this.monitorMetrics.get(name) ?? 0), 0);
    for (const series of this.customSeries)
      this.customReadAt.set(series.key, at);
    const describedEndpoints = [...inventory.endpoints.keys()].filter(name =>
      this.claimedEndpoints.has(name),
    ).length;
    this.previous = { inventory, at };
    return this.round(inventory, executions, {
      metricQueries: monitorQueries + this.customSeries.length,
      describeEndpoint: describedEndpoints,
      describeSchedule: claimedSchedules.length,
      listMetrics: this.discoveryPages(),
    });
  }

  /** A later round: `executions` are those modified since the previous round. */
  steady(
    inventory: Inventory,
    executions: ExecutionSummary[],
    at: number,
    discovery = false,
  ): FloorRound {
    if (!this.previous) {
      throw new Error('a steady round needs a cold round before it');
    }
    const before = this.previous.inventory;
    const movedEndpoints = this.movedEndpoints(inventory);
    const movedSchedules = [...inventory.schedules.entries()].filter(
      ([name, s]) =>
        this.claimedEndpoints.has(s.endpoint) &&
        before.schedules.get(name)?.modified !== s.modified,
    ).length;
    const completed = new Set(
      executions
        .filter(e => COMPLETED.has(e.status) && e.modified > this.previous!.at)
        .map(e => e.schedule),
    );
    const read = [...completed].filter(name => {
      const endpoint = inventory.schedules.get(name)?.endpoint;
      return endpoint !== undefined && this.claimedEndpoints.has(endpoint);
    });
    const monitorQueries = read.reduce(
      (n, name) => n + (this.monitorMetrics.get(name) ?? 0),
      0,
    );
    const customQueries = this.customDue(at);
    const inWindow = executions.filter(e => e.modified > this.previous!.at);
    this.previous = { inventory, at };
    return this.round(inventory, inWindow.length, {
      metricQueries: monitorQueries + customQueries,
      describeEndpoint: movedEndpoints,
      describeSchedule: movedSchedules,
      listMetrics: discovery ? this.discoveryPages() : 0,
    });
  }

  /**
   * A later round in which the schedule operations fail: one ListMonitoringSchedules call (to learn
   * whether the list recovered), no executions walk, no schedule Describe; the metrics read are those
   * a steady round reads (what changed), the ListMetrics walk on a discovery round.
   */
  withoutScheduleList(
    inventory: Inventory,
    executions: ExecutionSummary[],
    at: number,
    discovery = false,
  ): FloorRound {
    const round = this.steady(inventory, executions, at, discovery);
    const calls = {
      ...round.calls,
      ListMonitoringSchedules: 1,
      ListMonitoringExecutions: 0,
      DescribeMonitoringSchedule: 0,
    };
    return {
      ...round,
      calls,
      total: Object.values(calls).reduce((a, b) => a + b, 0),
    };
  }

  private round(
    inventory: Inventory,
    executions: number,
    work: {
      metricQueries: number;
      describeEndpoint: number;
      describeSchedule: number;
      listMetrics: number;
    },
  ): FloorRound {
    const calls: Record<FloorOperation, number> = {
      ListEndpoints: pages(inventory.endpoints.size, LIST_PAGE),
      ListMonitoringSchedules: pages(inventory.schedules.size, LIST_PAGE),
      ListMonitoringExecutions: pages(executions, LIST_PAGE),
      DescribeAlarms: pages(inventory.alarms, LIST_PAGE),
      GetMetricData: Math.ceil(work.metricQueries / METRIC_QUERIES_PER_CALL),
      DescribeEndpoint: work.describeEndpoint,
      DescribeMonitoringSchedule: work.describeSchedule,
    };
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    return {
      calls,
      total,
      metricQueries: work.metricQueries,
      listMetrics: work.listMetrics,
    };
  }
}
