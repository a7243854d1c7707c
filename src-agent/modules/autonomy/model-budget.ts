import type { Clock } from "./clock";

export const HOUR_MS = 60 * 60 * 1000;

/** The loop's model calls in the last hour (a sliding window): what the cap is checked against. */
export class ModelBudget {
  private calls: number[] = [];
  /** Every call ever counted (a wake's own count is the difference). */
  total = 0;

  /** `calls`: the times of calls counted before a restart (the window survives it). */
  constructor(
    private readonly clock: Clock,
    calls: number[] = [],
  ) {
    this.calls = [...calls].sort((a, b) => a - b);
  }

  /** The times of the calls in the window, oldest first (what is saved). */
  snapshot(): number[] {
    this.prune();
    return [...this.calls];
  }

  record(): void {
    this.calls.push(this.clock.now());
    this.total += 1;
  }

  used(): number {
    this.prune();
    return this.calls.length;
  }

  /** When the oldest counted call leaves the window (a call frees up then). */
  resetsAt(): number | undefined {
    this.prune();
    return this.calls.length > 0 ? this.calls[0]! + HOUR_MS : undefined;
  }

  private prune(): void {
    const since = this.clock.now() - HOUR_MS;
    while (this.calls.length > 0 && this.calls[0]! <= since) this.calls.shift();
  }
}
