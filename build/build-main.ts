/**
 * Bundles the main process and the agent's entries with `bun build`:
 *
 *   dist/main/main.js            `bun dist/main/main.js start --cli` runs headless;
 *                                the desktop app embeds this same file
 *   dist/agent/worker.js         the agent when it runs in a Worker
 *   dist/agent/process-entry.js  the agent when it runs in a child process
 *   dist/agent/db-migrate-entry.js  `milady db migrate`'s copy (PGlite -> PostgreSQL)
 *
 * Packages stay external: plugins are imported by name at run time and
 * node-llama-cpp and PGlite carry native and wasm files, so both modes resolve
 * dependencies from the node_modules next to dist/. Milady's own code (src-main,
 * src-agent, src-shared) is what gets bundled.
 *
 *   bun build/build-main.ts
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));

export interface BundleOutput {
  path: string;
  bytes: number;
}

async function bundle(entrypoints: string[], outdir: string, splitting: boolean): Promise<BundleOutput[]> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await Bun.build({
    entrypoints: entrypoints.map((entry) => join(repo, entry)),
    outdir,
    target: "bun",
    packages: "external",
    // Dynamic imports stay separate chunks: headless never parses the desktop layer, and the
    // agent imports elizaOS only after it has set LOG_LEVEL (bundling would hoist that import).
    splitting,
    sourcemap: "linked",
  });
  if (!result.success) {
    const details = result.logs.map((log) => String(log)).join("\n");
    throw new Error(`bun build failed for ${entrypoints.join(", ")}:\n${details}`);
  }
  return result.outputs.filter((o) => o.kind !== "sourcemap").map((o) => ({ path: o.path, bytes: o.size }));
}

export async function buildMain(root = join(repo, "dist")): Promise<BundleOutput[]> {
  const main = await bundle(["src-main/main.ts"], join(root, "main"), true);
  const agent = await bundle(
    ["src-agent/worker.ts", "src-agent/process-entry.ts", "src-agent/db-migrate-entry.ts"],
    join(root, "agent"),
    true,
  );
  return [...main, ...agent];
}

if (import.meta.main) {
  const t0 = performance.now();
  const outputs = await buildMain();
  console.log(`main bundle built in ${Math.round(performance.now() - t0)} ms`);
  for (const o of outputs) console.log(`  ${o.path.slice(repo.length)}: ${(o.bytes / 1024).toFixed(0)} KB`);
}
