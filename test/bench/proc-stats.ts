import { readdirSync, readFileSync } from "node:fs";

/** VmRSS of one process in MB (from /proc/<pid>/status), or undefined when it is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** Every descendant of `pid` (children, grandchildren...). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const child = Number(entry);
    if (!Number.isInteger(child)) continue;
    const parent = parentOf(child);
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const next = queue.shift() as number;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/**
 * RSS of a process and all its descendants in MB. A Bun Worker lives inside its
 * process, so for the worker host this is the main process alone; for the process
 * host (`--host process`) the agent child is added. Shared pages count twice: an upper bound.
 */
export function treeRssMb(pid: number): number | undefined {
  const own = rssMb(pid);
  if (own === undefined) return undefined;
  return descendants(pid).reduce((sum, child) => sum + (rssMb(child) ?? 0), own);
}
