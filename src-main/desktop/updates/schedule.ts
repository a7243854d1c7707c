const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A check at start, then one every 6 hours. */
export const CHECK_EVERY_MS = 6 * HOUR_MS;
/** Electrobun fetches the feed without a timeout; a feed that never answers must not stop later checks. */
export const CHECK_TIMEOUT_MS = MINUTE_MS;
export const RETRY_FIRST_MS = MINUTE_MS;
/** A feed that stays down is asked no more often than a healthy one. */
export const RETRY_MAX_MS = CHECK_EVERY_MS;

/** After the n-th failure in a row: 1 min, 2, 4, 8 … capped at 6 h. */
export function retryDelay(failures: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1));
}

export function describeDelay(ms: number): string {
  if (ms < HOUR_MS) return `${Math.max(1, Math.round(ms / MINUTE_MS))} min`;
  const hours = ms / HOUR_MS;
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} h`;
}
