/**
 * A restart that needs a new process (exit code 75) without a process kept around to do it.
 *
 * `npm start` runs Bun directly (bin/milady.mjs under Bun imports main in-process): a supervisor
 * that only waits for exit code 75 cost ~44 MB (a Node process) for the whole run. Instead the
 * process replaces itself with a fresh copy (execve: same pid, parent, stdio and environment),
 * once its services have stopped, so the port and the database are free again. Under the
 * Node runner's fallback supervisor (MILADY_SUPERVISED=1) the runner restarts it, as before;
 * where execve does not exist (Windows) the exit code is left to whoever started the process.
 */
export interface RelaunchHost {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  execve?: (file: string, args: string[], env: Record<string, string | undefined>) => never;
  execPath: string;
  execArgv: string[];
  argv: string[];
}

/** The command that starts this process again: the same runtime, runtime flags, script and arguments. */
export function relaunchCommand(host: Pick<RelaunchHost, "execPath" | "execArgv" | "argv">): string[] {
  return [host.execPath, ...host.execArgv, ...host.argv.slice(1)];
}

/** Whether this process should replace itself on a restart, rather than exit 75 for its runner. */
export function canRelaunchInPlace(host: RelaunchHost): boolean {
  return host.env.MILADY_SUPERVISED !== "1" && host.platform !== "win32" && typeof host.execve === "function";
}

/** Replaces this process with a fresh copy; returns false (doing nothing) when it should exit 75 instead. */
export function relaunchInPlace(host: RelaunchHost = process as unknown as RelaunchHost): boolean {
  if (!canRelaunchInPlace(host)) return false;
  const [file, ...args] = relaunchCommand(host);
  try {
    // Does not return unless it failed (the process then exits 75 as before).
    host.execve?.(file as string, [file as string, ...args], host.env);
  } catch {
    // e.g. the runtime's binary was replaced by an update while running
  }
  return false;
}
