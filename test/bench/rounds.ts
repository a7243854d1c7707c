/**
 * Repeats of a pair of bench phases, interleaved (A B, then B A, ...) so that background load on a
 * shared machine hits both sides alike; a row's figure is the median over the rounds that worked.
 */
import type { Value } from "./report";

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Median of the finite numbers (the mean of the middle two for an even count); NaN for none. */
export function median(values: number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

/** The median of `pick` over the successful rounds, or why there is no figure. */
export function medianValue<T>(rounds: Outcome<T>[], pick: (t: T) => number | undefined): Value {
  if (rounds.length === 0) return { na: "not run" };
  const ok = rounds.flatMap((o) => (o.ok ? [o.value] : []));
  if (ok.length === 0) return { na: (rounds[0] as { error: string }).error };
  const m = median(ok.map((t) => pick(t) ?? Number.NaN));
  return Number.isFinite(m) ? m : { na: "not measured" };
}

/** Runs a and b once: a first in even rounds, b first in odd ones. */
export async function pairInOrder<A, B>(round: number, a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
  if (round % 2 === 0) {
    const ra = await a();
    return [ra, await b()];
  }
  const rb = await b();
  return [await a(), rb];
}

/** `rounds` rounds of a and b in pairInOrder's order; both sides' outcomes in round order. */
export async function interleave<A, B>(
  rounds: number,
  a: (round: number) => Promise<Outcome<A>>,
  b: (round: number) => Promise<Outcome<B>>,
): Promise<{ a: Outcome<A>[]; b: Outcome<B>[] }> {
  const out: { a: Outcome<A>[]; b: Outcome<B>[] } = { a: [], b: [] };
  for (let round = 0; round < rounds; round++) {
    const [ra, rb] = await pairInOrder(
      round,
      () => a(round),
      () => b(round),
    );
    out.a.push(ra);
    out.b.push(rb);
  }
  return out;
}
