import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { staleDashboardWarning } from "./dashboard-freshness";

test("a checkout's dashboard build older than src-renderer is named with the fix; an installed copy says nothing", () => {
  const root = mkdtempSync(join(tmpdir(), "milady-fresh-"));
  try {
    const dist = join(root, "dist", "renderer");
    expect(staleDashboardWarning(root, dist)).toBeUndefined(); // no sources: an installed package
    mkdirSync(join(root, "src-renderer"), { recursive: true });
    writeFileSync(join(root, "src-renderer", "app.tsx"), "x");
    expect(staleDashboardWarning(root, dist)).toContain("not built");
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, "index.html"), "<html>");
    utimesSync(join(root, "src-renderer", "app.tsx"), 1000, 1000);
    utimesSync(join(dist, "index.html"), 2000, 2000);
    expect(staleDashboardWarning(root, dist)).toBeUndefined();
    utimesSync(join(root, "src-renderer", "app.tsx"), 3000, 3000);
    expect(staleDashboardWarning(root, dist)).toContain("npm run build");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
