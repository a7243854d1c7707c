/** How often a supervised process looks for its runner; a second is quick enough to not leave a server behind. */
const CHECK_MS = 1000;

/**
 * Under bin/milady.mjs (MILADY_SUPERVISED=1) the runner is our parent. If it is killed
 * (`kill -9`), the kernel gives us a new parent; nobody is left to restart or stop us,
 * so we shut down instead of serving as an orphan.
 */
export function watchParent(onOrphaned: () => void, env = process.env): () => void {
  if (env.MILADY_SUPERVISED !== "1") return () => undefined;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, CHECK_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
