/**
 * Exponential backoff for automatic restarts after a crash: 1 s, 2 s, 4 s ...
 * capped at 30 s. A run that stays up for `stableMs` (60 s) resets the count,
 * so one crash a day restarts in 1 s while a crash loop backs off.
 */
export class RestartPolicy {
  private failures = 0;

  constructor(
    private readonly baseMs = 1000,
    private readonly maxMs = 30_000,
    readonly stableMs = 60_000,
  ) {}

  /** Delay before the next restart; counts one more failure. */
  nextDelay(): number {
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** this.failures);
    this.failures += 1;
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
