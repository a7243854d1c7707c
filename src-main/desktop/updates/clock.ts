/** Time as the update policy sees it: tests pass FakeClock (testing/) and run 6 hours in microseconds. */
export type TimerId = unknown;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    // A pending check must not keep a stopping process alive.
    timer.unref?.();
    return timer;
  },
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** Rejects with `message` when `work` takes longer than `ms` (Electrobun's own fetches have no timeout). */
export function withTimeout<T>(work: Promise<T>, ms: number, clock: Clock, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const id = clock.setTimeout(() => reject(new Error(message)), ms);
    work.then(
      (value) => {
        clock.clearTimeout(id);
        resolve(value);
      },
      (error) => {
        clock.clearTimeout(id);
        reject(error);
      },
    );
  });
}
