/** Simulated time: a base clock plus an offset that the control API can move forward. */
export class Clock {
  private offset = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return Math.round(this.base() + this.offset);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error('The clock only moves forward.');
    this.offset += ms;
  }

  set(ms: number): void {
    const delta = ms - this.now();
    if (delta < 0) throw new Error('The clock only moves forward.');
    this.offset += delta;
  }
}
