/**
 * A counting semaphore: at most `size` tasks run at once, the rest wait in
 * arrival order. One per account and region keeps a large fleet from
 * tripping AWS rate limits with a burst of parallel calls.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`concurrency must be a positive integer, got ${size}`);
    }
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` is unchanged.
      if (next) next();
      else this.active--;
    }
  }
}
