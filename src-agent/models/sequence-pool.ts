import type { LlamaContext, LlamaContextSequence } from "node-llama-cpp";

/**
 * One context sequence per conversation, kept between turns so node-llama-cpp reuses the
 * prompt prefix it already evaluated (a LlamaChatSession on a used sequence erases only the
 * tokens after the first difference). The context holds a fixed number of sequences (their
 * KV cache is allocated up front); when all are taken, the least recently used is disposed.
 */
export class SequencePool {
  /** Map order is use order: the first entry is the least recently used. */
  private readonly slots = new Map<string, LlamaContextSequence>();
  evictions = 0;

  constructor(private readonly context: LlamaContext) {}

  get size(): number {
    return this.slots.size;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  acquire(key: string): LlamaContextSequence {
    const kept = this.slots.get(key);
    if (kept && !kept.disposed) {
      this.slots.delete(key);
      this.slots.set(key, kept);
      return kept;
    }
    this.slots.delete(key);
    if (this.context.sequencesLeft === 0) this.evictOldest();
    const sequence = this.context.getSequence();
    this.slots.set(key, sequence);
    return sequence;
  }

  /** Drops a sequence whose state is unknown (a failed generation). */
  forget(key: string): void {
    this.slots.get(key)?.dispose();
    this.slots.delete(key);
  }

  private evictOldest(): void {
    const oldest = this.slots.keys().next();
    if (oldest.done) throw new Error("the local model's context has no free sequence and none to evict");
    this.forget(oldest.value);
    this.evictions++;
  }
}
