import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { newestMtime } from "../src-main/app/dashboard-freshness";

/** Builds the dashboard when dist/renderer is missing or older than its sources. */
export async function ensureRendererBuilt(root: string): Promise<void> {
  const index = join(root, "dist", "renderer", "index.html");
  const sources = [join(root, "src-renderer"), join(root, "src-shared")].filter(existsSync);
  const stale = !existsSync(index) || sources.some((dir) => newestMtime(dir) > statSync(index).mtimeMs);
  if (!stale) return;
  process.stderr.write("Building the dashboard (vite)…\n");
  const proc = Bun.spawn([process.execPath, join(root, "build", "build-renderer.ts")], {
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  });
  if ((await proc.exited) !== 0) throw new Error("the dashboard build failed (bun build/build-renderer.ts)");
}

if (import.meta.main) {
  await ensureRendererBuilt(join(import.meta.dir, ".."));
}
