import type { z } from "zod";
import { MiladyError, type WireError } from "../../src-shared/protocol";

interface Pending {
  /** "channel.method", for messages. */
  what: string;
  result: z.ZodType;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onToken?: (delta: string) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Requests sent to the agent and not yet answered. Every entry ends: answer, timeout, or failAll. */
export class PendingRequests {
  private readonly entries = new Map<string, Pending>();

  /** `result` is the method's contract schema: an answer that does not match it is an error, not data. */
  add(
    id: string,
    what: string,
    result: z.ZodType,
    timeoutMs: number,
    onToken?: (delta: string) => void,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.entries.delete(id);
        reject(
          new MiladyError(
            "timeout",
            `The agent did not answer within ${Math.round(timeoutMs / 1000)} s.`,
            "Try again; if it keeps happening, use a smaller model or raise agent.replyTimeoutSeconds.",
          ),
        );
      }, timeoutMs);
      this.entries.set(id, { what, result, resolve, reject, onToken, timer });
    });
  }

  token(id: string, delta: string): void {
    this.entries.get(id)?.onToken?.(delta);
  }

  settle(id: string, outcome: { ok: true; result: unknown } | { ok: false; error: WireError }): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    clearTimeout(entry.timer);
    if (!outcome.ok) {
      entry.reject(new MiladyError(outcome.error.code, outcome.error.message, outcome.error.fix));
      return;
    }
    const parsed = entry.result.safeParse(outcome.result);
    if (parsed.success) entry.resolve(parsed.data);
    else entry.reject(new MiladyError("internal", `The agent sent a malformed ${entry.what} answer.`));
  }

  /** Ends every open request with the same error (the agent crashed or was stopped). */
  failAll(error: MiladyError): void {
    for (const [id, entry] of this.entries) {
      clearTimeout(entry.timer);
      this.entries.delete(id);
      entry.reject(error);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
