// Which main `milady` runs: the bundle `npm run build` writes (dist/main/main.js) when it is at
// least as new as every source file it is built from, else the TypeScript source (Bun transpiles
// it on load). The bundle starts the agent ~50-90 ms sooner (no transpiling of ~500 files in two
// threads) and is what the desktop app ships; the source keeps a developer's edit live without
// a build. `npm start` builds the bundle first when it is stale (build/ensure-built.ts).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The folders the main and agent bundles are built from (build/build-main.ts). */
const BUNDLED_SOURCES = ["src-main", "src-agent", "src-shared"];
/** Both bundles' entries: the main process and the agent's Worker. */
const BUNDLE_ENTRIES = [join("dist", "main", "main.js"), join("dist", "agent", "worker.js")];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when both bundles exist and no source file is newer than the older of them. */
export function bundleIsCurrent(root) {
  try {
    const entries = BUNDLE_ENTRIES.map((entry) => join(root, entry));
    if (!entries.every((entry) => existsSync(entry))) return false;
    const built = Math.min(...entries.map((entry) => statSync(entry).mtimeMs));
    const sources = BUNDLED_SOURCES.map((dir) => join(root, dir)).filter((dir) => existsSync(dir));
    return sources.every((dir) => newestMtime(dir) <= built);
  } catch {
    return false;
  }
}

/** The main file to run for the checkout or package at `root`. */
export function mainEntry(root) {
  if (process.env.MILADY_MAIN === "source") return join(root, "src-main", "main.ts");
  return bundleIsCurrent(root) ? join(root, BUNDLE_ENTRIES[0]) : join(root, "src-main", "main.ts");
}
