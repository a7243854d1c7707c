/**
 * Collects garbage once the agent has been idle for a moment. JSC collects
 * lazily: after 300 chat turns the process sat at ~790 MB RSS and only fell to
 * ~480 MB some 15 s later. A full collection 2 s after the last request (never
 * during one) gives the memory back while nobody is waiting for an answer.
 */
export function createIdleGc(delayMs = 2000, collect: () => void = () => Bun.gc(true)) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = 0;
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
      if (busy > 0) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        if (busy === 0) collect();
      }, delayMs);
      // An idle timer must never keep a stopping agent alive.
      (timer as { unref?: () => void }).unref?.();
    },
  };
}
