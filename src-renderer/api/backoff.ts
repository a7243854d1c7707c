/** Reconnect delays: 0.5 s doubling to a 10 s cap, with +-25 % jitter so many tabs don't reconnect in lockstep. */
export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 10_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, attempt));
  const jitter = base * 0.25 * (random() * 2 - 1);
  return Math.round(Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_MIN_MS, base + jitter)));
}
