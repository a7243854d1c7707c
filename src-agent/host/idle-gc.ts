/**
 * Collects garbage once the agent has been idle for a moment. JSC collects
 * lazily: after 300 chat turns the process sat at ~790 MB RSS and only fell to
 * ~480 MB some 15 s later. A full collection 2 s after the last request (never
 * during one) gives the memory back while nobody is waiting for an answer.
 * The start is the largest burst of garbage (migrations, the database check,
 * plugin imports), so one collection also follows the agent being ready.
 */
export function createIdleGc(delayMs = 2000, collect: () => void = collectAndShrink) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = 0;
  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (busy === 0) collect();
    }, ms);
    // An idle timer must never keep a stopping agent alive.
    (timer as { unref?: () => void }).unref?.();
  };
  return {
    /** A request started: no collection while it runs. */
    begin(): void {
      busy += 1;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    /** A request ended: collect after `delayMs` unless another one starts. */
    end(): void {
      busy = Math.max(0, busy - 1);
      if (busy === 0) schedule(delayMs);
    },
    /** The agent just became ready: collect after `ms` unless a request starts first. */
    afterStart(ms = 500): void {
      if (busy === 0) schedule(ms);
    },
  };
}

/**
 * A full collection, then Bun.shrink(): JSC keeps the blocks a load freed for reuse, and
 * shrinking hands them back. Measured after a 60-turn chat load (20 conversations at once):
 * RSS 4 s later 263-265 MB with the collection alone, 247-248 MB with the shrink too.
 */
function collectAndShrink(): void {
  Bun.gc(true);
  (Bun as { shrink?: () => void }).shrink?.();
}
