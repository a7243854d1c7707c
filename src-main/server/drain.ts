import { MiladyError } from "../../src-shared/protocol";

export function shuttingDown(): MiladyError {
  return new MiladyError(
    "shutting_down",
    "Milady is shutting down; this reply could not be finished",
    "Send it again when Milady is back: it is kept, and the same message is not stored twice.",
  );
}

/**
 * A graceful stop for requests that take long (chat turns): while draining, new API requests
 * are refused with `shutting_down`; work already running gets until the deadline to finish,
 * then is answered with `shutting_down` (a JSON error or an SSE error event), never a reset.
 */
export class Drain {
  private draining = false;
  private readonly running = new Set<Promise<unknown>>();
  private expire: () => void = () => undefined;
  private readonly deadline = new Promise<never>((_, reject) => {
    this.expire = () => reject(shuttingDown());
  });

  constructor() {
    this.deadline.catch(() => undefined); // rejected on purpose at the deadline
  }

  get active(): boolean {
    return this.draining;
  }

  /** Waits for `work`, or fails with shutting_down once a drain's deadline has passed. */
  run<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    work.then(
      () => this.running.delete(work),
      () => this.running.delete(work),
    );
    return Promise.race([work, this.deadline]);
  }

  /** Stops taking new work and gives running work up to `budgetMs`; resolves when nothing is left to wait for. */
  async begin(budgetMs: number): Promise<void> {
    this.draining = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, budgetMs);
      }),
    ]);
    clearTimeout(timer);
    this.expire();
    // Let the handlers turn the deadline into answers before the sockets close.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
