/**
 * Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). Anything written
 * asynchronously is waited for with a bound like this, never read once: the suite runs on
 * loaded machines.
 */
export async function until<T>(fn: () => Promise<T> | T, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await Bun.sleep(20);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
