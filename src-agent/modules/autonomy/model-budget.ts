import type { Clock } from "./clock";

export const HOUR_MS = 60 * 60 * 1000;

/** The loop's model calls in the last hour (a sliding window): what the cap is checked against. */
export class ModelBudget {
  private calls: number[] = [];
  /** Every call ever counted (a wake's own count is the difference). */
  total = 0;

  constructor(private readonly clock: Clock) {}

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
