/**
 * Runs tasks one after another, in the order they were given; a failed task does not
 * stop the next. Knowledge uploads go through one in main and in the agent: each holds
 * a whole document (bytes, base64, text, vectors) while it is embedded, so three at once
 * would hold three, and they would only share the same model and database anyway.
 */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task);
    tail = run.catch(() => {});
    return run;
  };
}
