import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { bundleIsCurrent } from "../bin/main-entry.mjs";
import { newestMtime } from "../src-main/app/dashboard-freshness";
import { buildMain } from "./build-main";

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

/**
 * Builds the main and agent bundles when they are missing or older than their sources (~0.1 s):
 * bin/milady.mjs runs the bundle only when it is current (bin/main-entry.mjs), else the source.
 */
export async function ensureMainBuilt(root: string): Promise<void> {
  if (bundleIsCurrent(root)) return;
  await buildMain(join(root, "dist"));
}

// `npm start`'s prestart: the dashboard, then the bundles `milady start` runs.
if (import.meta.main) {
  const root = join(import.meta.dir, "..");
  await ensureRendererBuilt(root);
  await ensureMainBuilt(root);
}
