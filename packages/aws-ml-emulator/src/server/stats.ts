export interface OperationStats {
  calls: number;
  throttled: number;
  failed: number;
  denied: number;
  hung: number;
  /** Answers with any error status, injected or not (validation errors included). */
  errors: number;
}

export interface EmulatorStats {
  since: string;
  totals: OperationStats;
  operations: Record<string, OperationStats>;
  /** Keyed "account/region". */
  accounts: Record<
    string,
    { calls: number; operations: Record<string, number> }
  >;
  getMetricData: {
    calls: number;
    metricsRequested: number;
    datapointsReturned: number;
  };
}

export type Outcome = 'throttled' | 'failed' | 'denied' | 'hung' | 'errors';

const empty = (): OperationStats => ({
  calls: 0,
  throttled: 0,
  failed: 0,
  denied: 0,
  hung: 0,
  errors: 0,
});

/** Call accounting for `/__emulator/stats`, e.g. to check a collector's API budget. */
export class StatsCollector {
  private stats: EmulatorStats;

  constructor(private readonly now: () => number = Date.now) {
    this.stats = this.fresh();
  }

  private fresh(): EmulatorStats {
    return {
      since: new Date(this.now()).toISOString(),
      totals: empty(),
      operations: {},
      accounts: {},
      getMetricData: { calls: 0, metricsRequested: 0, datapointsReturned: 0 },
    };
  }

  call(operation: string, account: string, region: string): void {
    const op = (this.stats.operations[operation] ??= empty());
    op.calls++;
    this.stats.totals.calls++;
    const acct = (this.stats.accounts[`${account}/${region}`] ??= {
      calls: 0,
      operations: {},
    });
    acct.calls++;
    acct.operations[operation] = (acct.operations[operation] ?? 0) + 1;
    if (operation === 'GetMetricData') this.stats.getMetricData.calls++;
  }

  outcome(operation: string, outcome: Outcome): void {
    const op = (this.stats.operations[operation] ??= empty());
    op[outcome]++;
    this.stats.totals[outcome]++;
    if (outcome !== 'errors' && outcome !== 'hung') {
      op.errors++;
      this.stats.totals.errors++;
    }
  }

  usage(metricsRequested: number, datapointsReturned: number): void {
    this.stats.getMetricData.metricsRequested += metricsRequested;
    this.stats.getMetricData.datapointsReturned += datapointsReturned;
  }

  snapshot(): EmulatorStats {
    return JSON.parse(JSON.stringify(this.stats));
  }

  reset(): void {
    this.stats = this.fresh();
  }
}
