import { getHeapStatistics } from 'node:v8';

export interface MemoryPeak {
  rssMb: number;
  heapUsedMb: number;
  samples: number;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** Samples this process's RSS and used heap, keeping the high-water marks since the last reset. */
export class MemorySampler {
  private rss = 0;
  private heap = 0;
  private samples = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 100) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    this.rss = Math.max(this.rss, process.memoryUsage.rss());
    this.heap = Math.max(this.heap, getHeapStatistics().used_heap_size);
    this.samples++;
  }

  peak(): MemoryPeak {
    this.sample();
    return {
      rssMb: mb(this.rss),
      heapUsedMb: mb(this.heap),
      samples: this.samples,
    };
  }

  reset(): void {
    this.rss = 0;
    this.heap = 0;
    this.samples = 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
