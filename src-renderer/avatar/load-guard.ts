/**
 * Generation tokens so overlapping loads cannot commit a stale model: only the
 * most recently started load may commit; an overtaken load disposes what it
 * loaded. (Picking avatar A then B quickly must show B even if A's file is
 * larger and finishes last.)
 */
export class LoadGuard {
  private generation = 0;

  begin(): number {
    this.generation += 1;
    return this.generation;
  }

  isCurrent(token: number): boolean {
    return token === this.generation;
  }

  /** Makes every in-flight load stale (e.g. on dispose). */
  invalidate(): void {
    this.generation += 1;
  }
}

export type GuardedResult = "committed" | "stale";

export async function guardedLoad<T>(
  guard: LoadGuard,
  load: () => Promise<T>,
  commit: (value: T) => void,
  discard: (value: T) => void,
): Promise<GuardedResult> {
  const token = guard.begin();
  let value: T;
  try {
    value = await load();
  } catch (error) {
    // A failure of an overtaken load is irrelevant: the newer load decides.
    if (!guard.isCurrent(token)) return "stale";
    throw error;
  }
  if (!guard.isCurrent(token)) {
    discard(value);
    return "stale";
  }
  commit(value);
  return "committed";
}
