import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest modification time of any file below `dir`. */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(path) : stat.mtimeMs);
  }
  return newest;
}

/**
 * In a checkout (src-renderer next to dist/), a dashboard build older than its sources would
 * show yesterday's screens: `npm start` rebuilds it, a bare `milady start` does not. Says how
 * to fix it, or undefined (an installed package has no sources: nothing to compare).
 */
export function staleDashboardWarning(appRoot: string, rendererDir: string): string | undefined {
  const index = join(rendererDir, "index.html");
  const sources = [join(appRoot, "src-renderer"), join(appRoot, "src-shared")].filter(existsSync);
  if (sources.length === 0) return undefined;
  try {
    if (!existsSync(index)) return "the dashboard is not built: run `npm run build` (or start with `npm start`)";
    const built = statSync(index).mtimeMs;
    if (sources.some((dir) => newestMtime(dir) > built))
      return "the dashboard build is older than src-renderer: run `npm run build` (or start with `npm start`) to see the current screens";
  } catch {
    return undefined;
  }
  return undefined;
}
