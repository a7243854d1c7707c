/**
 * The `k` best (highest score) of a stream of candidates. Most candidates lose to the
 * current worst and cost one comparison; the few that win are inserted into a sorted
 * array of at most k (k <= 50, so an insertion beats a heap's bookkeeping). An equal score
 * never displaces an earlier candidate: ties keep arrival order, like a stable sort.
 */
export class TopK<T> {
  private readonly scores: number[] = [];
  private readonly items: T[] = [];

  constructor(private readonly k: number) {}

  /** The score a candidate must beat to get in (-Infinity until k are held). */
  get threshold(): number {
    return this.scores.length < this.k ? Number.NEGATIVE_INFINITY : this.scores[this.scores.length - 1];
  }

  offer(score: number, item: T): void {
    if (this.k <= 0 || !(score > this.threshold)) return;
    // Insert after every score >= this one (stable), then drop the worst beyond k.
    let at = this.scores.length;
    while (at > 0 && this.scores[at - 1] < score) at--;
    this.scores.splice(at, 0, score);
    this.items.splice(at, 0, item);
    if (this.scores.length > this.k) {
      this.scores.pop();
      this.items.pop();
    }
  }

  /** Best first. */
  results(): Array<{ score: number; item: T }> {
    return this.items.map((item, i) => ({ score: this.scores[i], item }));
  }
}
