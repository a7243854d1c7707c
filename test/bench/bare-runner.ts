import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./milady-target";
import type { Summary } from "./stats";

/** Latencies plus what the turns cost inside the process (turn-counters.ts). */
export interface BareSummary extends Summary {
  sqlPerTurn: number;
  modelCallsPerTurn: number;
  cpuMsPerTurn: number;
  dbKbPerTurn: number;
}

/** Runs bare-handle-message.ts in its own process (fresh plugin-sql singleton) and returns its summary. */
export async function bareHandleMessage(
  variant: "milady" | "plain",
  count: number,
  budgetMs: number,
): Promise<BareSummary> {
  const dir = mkdtempSync(join(tmpdir(), `milady-bench-bare-${variant}-`));
  try {
    const proc = Bun.spawn(
      [
        process.execPath,
        join(import.meta.dir, "bare-handle-message.ts"),
        "--variant",
        variant,
        "--count",
        String(count),
        "--data-dir",
        dir,
        "--budget-ms",
        String(budgetMs),
      ],
      { cwd: ROOT, stdout: "pipe", stderr: "pipe", env: { ...process.env, LOG_LEVEL: "warn", NO_COLOR: "1" } },
    );
    const timer = setTimeout(() => proc.kill("SIGKILL"), 5 * 60_000);
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    clearTimeout(timer);
    if (code !== 0) throw new Error(`bare handleMessage (${variant}) exited ${code}: ${err.slice(-1500)}`);
    return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as BareSummary;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
