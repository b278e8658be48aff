/** Milliseconds from some fixed origin; injected so tests control time. */
export type Clock = () => number;

/** Lets something through at most once per interval: the first call always passes. */
export class Throttle {
  #last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock,
  ) {}

  /** True, and the interval restarts, when at least `intervalMs` passed since the last pass. */
  isDue(): boolean {
    const now = this.clock();
    if (now - this.#last < this.intervalMs) return false;
    this.#last = now;
    return true;
  }
}
