/**
 * An in-memory OpenTelemetry MeterProvider for tests (the SDK's in-memory reader is not a dependency of
 * this repo): it keeps every recorded value with its attributes, and runs the observable callbacks when a
 * test asks, as a metric reader does at each export.
 */
import type {
  Attributes,
  BatchObservableCallback,
  Meter,
  MeterProvider,
  MetricOptions,
  Observable,
  ObservableCallback,
} from '@opentelemetry/api';

export interface Recorded {
  name: string;
  value: number;
  attributes: Attributes;
}

class RecordingObservable implements Observable {
  readonly callbacks: ObservableCallback[] = [];

  constructor(readonly name: string, readonly options?: MetricOptions) {}

  addCallback(callback: ObservableCallback): void {
    this.callbacks.push(callback);
  }

  removeCallback(callback: ObservableCallback): void {
    const i = this.callbacks.indexOf(callback);
    if (i >= 0) this.callbacks.splice(i, 1);
  }
}

const matches = (attributes: Attributes, wanted: Attributes) =>
  Object.entries(wanted).every(([key, value]) => attributes[key] === value);

export class RecordingMeterProvider implements MeterProvider {
  /** Synchronous instruments' values, in order. */
  readonly recorded: Recorded[] = [];
  /** Names and options of every instrument created, by meter. */
  readonly instruments: Array<{
    meter: string;
    name: string;
    type: string;
    options?: MetricOptions;
  }> = [];
  private readonly observables: RecordingObservable[] = [];
  private readonly batches: Array<{
    callback: BatchObservableCallback;
    observables: Observable[];
  }> = [];

  getMeter(meterName: string): Meter {
    const record =
      (name: string) =>
      (value: number, attributes: Attributes = {}) => {
        this.recorded.push({ name, value, attributes });
      };
    const sync = (type: string) => (name: string, options?: MetricOptions) => {
      this.instruments.push({ meter: meterName, name, type, options });
      return { add: record(name), record: record(name) };
    };
    const observable =
      (type: string) => (name: string, options?: MetricOptions) => {
        this.instruments.push({ meter: meterName, name, type, options });
        const made = new RecordingObservable(name, options);
        this.observables.push(made);
        return made;
      };
    return {
      createCounter: sync('counter'),
      createUpDownCounter: sync('upDownCounter'),
      createHistogram: sync('histogram'),
      createGauge: sync('gauge'),
      createObservableGauge: observable('observableGauge'),
      createObservableCounter: observable('observableCounter'),
      createObservableUpDownCounter: observable('observableUpDownCounter'),
      addBatchObservableCallback: (callback, observables) => {
        this.batches.push({ callback, observables });
      },
      removeBatchObservableCallback: callback => {
        const i = this.batches.findIndex(b => b.callback === callback);
        if (i >= 0) this.batches.splice(i, 1);
      },
    };
  }

  /** The sum of a counter's values whose attributes include `attributes`. */
  sum(name: string, attributes: Attributes = {}): number {
    return this.values(name, attributes).reduce((a, b) => a + b, 0);
  }

  /** The values recorded for `name` (a histogram's samples) whose attributes include `attributes`. */
  values(name: string, attributes: Attributes = {}): number[] {
    return this.recorded
      .filter(r => r.name === name && matches(r.attributes, attributes))
      .map(r => r.value);
  }

  /** One collection of every observable instrument, as a reader would export it. */
  async observe(): Promise<Recorded[]> {
    const out: Recorded[] = [];
    for (const o of this.observables) {
      for (const callback of o.callbacks) {
        await callback({
          observe: (value, attributes = {}) =>
            out.push({ name: o.name, value, attributes }),
        });
      }
    }
    for (const batch of this.batches) {
      await batch.callback({
        observe: (metric, value, attributes = {}) => {
          if (!batch.observables.includes(metric)) {
            throw new Error('observed an instrument not given to the batch');
          }
          out.push({
            name: (metric as RecordingObservable).name,
            value,
            attributes,
          });
        },
      });
    }
    return out;
  }
}
