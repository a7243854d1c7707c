import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  checkAgentRuntimeUse,
  checkDocReferences,
  checkElectrobunLoading,
  checkImportRules,
  importsOf,
  listSourceFiles,
} from "./support/import-graph";

const ROOT = join(import.meta.dir, "..");
const AREAS = ["src-shared", "src-main", "src-agent", "src-renderer", "build"];
const ALL = [...AREAS, "test", "bin"];

describe("import rules (ARCHITECTURE.md)", () => {
  test("the real import graph follows them", () => {
    const files = listSourceFiles(ROOT, AREAS);
    expect(files.length).toBeGreaterThan(20);
    const edges = files.flatMap((file) => importsOf(ROOT, file));
    expect(edges.length).toBeGreaterThan(50);
    expect(checkImportRules(edges)).toEqual([]);
    expect(checkAgentRuntimeUse(ROOT, files)).toEqual([]);
  });

  test("the checker catches each kind of violation", () => {
    const fake = (file: string, text: string) => importsOf(ROOT, join(ROOT, file), text);
    const edges = [
      ...fake("src-shared/x.ts", 'import { readFileSync } from "node:fs";'),
      ...fake("src-renderer/x.ts", 'import { a } from "../src-main/app/paths";'),
      ...fake("src-main/x.ts", 'const m = await import("../src-agent/worker");'),
      ...fake("src-agent/x.ts", 'export * from "../src-main/config";'),
      ...fake("src-main/server/x.ts", 'import Electrobun from "electrobun/bun";'),
      ...fake("src-renderer/features/x.ts", 'import * as THREE from "three";'),
      ...fake("src-renderer/api/x.ts", 'import { join } from "node:path";'),
    ];
    const problems = checkImportRules(edges);
    expect(problems).toHaveLength(7);
    const ok = [
      ...fake("src-main/desktop/x.ts", 'const e = await import("electrobun/bun");'),
      ...fake("src-renderer/avatar/x.ts", 'import * as THREE from "three";'),
      ...fake("src-renderer/x.ts", 'import { z } from "../src-shared/protocol"; // import "node:fs" in a comment'),
    ];
    expect(checkImportRules(ok)).toEqual([]);
  });
});

describe("Electrobun is loaded only on the desktop path", () => {
  test("the real code follows it", () => {
    // This file's own examples are strings that look like imports.
    const files = listSourceFiles(ROOT, ALL).filter((f) => !f.endsWith("import-rules.test.ts"));
    expect(files.some((f) => f.endsWith("electrobun-shell.ts"))).toBe(true);
    expect(checkElectrobunLoading(ROOT, files)).toEqual([]);
  });

  test("the check catches a static import, a static import of the desktop layer, and a test importing electrobun", () => {
    const at = (file: string) => join(ROOT, file);
    const texts: Record<string, string> = {
      [at("src-main/desktop/x.ts")]: 'import { Tray } from "electrobun/bun";',
      [at("src-main/desktop/y.ts")]: 'export { BrowserWindow } from "electrobun/bun";',
      [at("src-main/cli/x.ts")]: 'import { desktopService } from "../desktop";',
      [at("src-main/app/x.ts")]: 'import { startDesktop } from "../desktop/index";',
      [at("src-main/desktop/z.test.ts")]: 'const e = await import("electrobun/bun");',
    };
    expect(checkElectrobunLoading(ROOT, Object.keys(texts), texts)).toHaveLength(5);
    const fine: Record<string, string> = {
      [at("src-main/desktop/a.ts")]:
        'import type { MenuItemConfig } from "electrobun/bun";\nconst eb = await import("electrobun/bun");',
      [at("src-main/cli/a.ts")]:
        'import type { DesktopLauncher } from "../desktop";\nconst d = await import("../desktop");',
      [at("src-main/desktop/b.ts")]: 'import { MainWindow } from "./main-window"; // import "electrobun" in prose',
    };
    expect(checkElectrobunLoading(ROOT, Object.keys(fine), fine)).toEqual([]);
  });
});

describe("documents named in comments exist", () => {
  test("every .md a comment points to is in the repository", () => {
    const files = listSourceFiles(ROOT, ALL);
    expect(checkDocReferences(ROOT, files)).toEqual([]);
  });

  test("the check catches a dangling pointer", () => {
    const dir = mkdtempSync(join(tmpdir(), "milady-doc-refs-"));
    const file = join(dir, "x.ts");
    writeFileSync(file, '// see ARCHITECTURE.md and docs/nowhere.md\nconst s = "a.md";\n');
    expect(checkDocReferences(ROOT, [file])).toEqual([expect.stringContaining("docs/nowhere.md")]);
    rmSync(dir, { recursive: true, force: true });
  });
});
