/** How often a watched process looks for its parent; a second is quick enough to not leave a server behind. */
const CHECK_MS = 1000;
/** The parent when this module loaded, early in the start: one that dies during the start is noticed too. */
const PARENT_AT_START = process.ppid;

/**
 * Under bin/milady.mjs's fallback supervisor (MILADY_SUPERVISED=1) the runner is our parent.
 * Under an npm script (`npm start` runs `bun bin/milady.mjs`, npm sets npm_lifecycle_event) the
 * parent is npm's `sh -c`: npm passes SIGTERM to that shell, which dies without passing it on
 * (dash does not exec the command). Either way, if the parent is gone (the kernel gives us a new
 * one), nobody is left to restart or stop us, so we shut down instead of serving as an orphan.
 */
export function watchParent(onOrphaned: () => void, env = process.env): () => void {
  if (env.MILADY_SUPERVISED !== "1" && !env.npm_lifecycle_event) return () => undefined;
  const timer = setInterval(() => {
    if (process.ppid !== PARENT_AT_START) {
      clearInterval(timer);
      onOrphaned();
    }
  }, CHECK_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
