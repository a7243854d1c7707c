import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectInstallMethod, updateSteps } from "./install-method";
import { compareVersions } from "./semver";

describe("versions", () => {
  test("semver order, prereleases before their release", () => {
    const sorted = ["1.0.0", "0.9.9", "1.0.0-beta.2", "1.0.0-beta.10", "1.0.0-alpha", "1.0.1", "v1.0.0-rc.1"].sort(
      compareVersions,
    );
    expect(sorted).toEqual(["0.9.9", "1.0.0-alpha", "1.0.0-beta.2", "1.0.0-beta.10", "v1.0.0-rc.1", "1.0.0", "1.0.1"]);
    expect(compareVersions("0.1.0", "0.1.0")).toBe(0);
    expect(compareVersions("garbage", "0.0.1")).toBeLessThan(0);
  });
});

describe("install method", () => {
  const dirs: string[] = [];
  const dir = (...parts: string[]) => {
    const root = mkdtempSync(join(tmpdir(), "milady-install-"));
    dirs.push(root);
    const path = join(root, ...parts);
    mkdirSync(path, { recursive: true });
    return { root, path };
  };

  test("desktop, git checkout, npm global, bun global, a project's dependency", () => {
    expect(detectInstallMethod("/anything", { insideDesktopApp: true }).kind).toBe("desktop");
    const git = dir("checkout", ".git");
    expect(detectInstallMethod(join(git.root, "checkout"), { insideDesktopApp: false }).kind).toBe("git");
    const global = dir("prefix", "lib", "node_modules", "milady");
    expect(detectInstallMethod(global.path, { insideDesktopApp: false }).kind).toBe("npm-global");
    const home = dir("home", ".bun", "install", "global", "node_modules", "milady");
    expect(detectInstallMethod(home.path, { insideDesktopApp: false, home: join(home.root, "home") }).kind).toBe(
      "bun-global",
    );
    const local = dir("project", "node_modules", "milady");
    expect(detectInstallMethod(local.path, { insideDesktopApp: false })).toEqual({
      kind: "npm-local",
      project: join(local.root, "project"),
    });
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test("each method's commands name the channel's tag and the registry; the desktop app points to its updater", () => {
    const target = { name: "milady", tag: "beta", registry: "http://127.0.0.1:9/" };
    expect(updateSteps({ kind: "npm-global", root: "/p/lib/node_modules/milady" }, target)).toMatchObject({
      steps: [{ argv: ["npm", "install", "-g", "milady@beta", "--registry", "http://127.0.0.1:9/"] }],
    });
    expect(updateSteps({ kind: "git", root: "/src/milady" }, target)).toMatchObject({
      steps: [
        { argv: ["git", "pull", "--ff-only"], cwd: "/src/milady" },
        { argv: ["npm", "install", "--no-audit", "--no-fund"] },
      ],
    });
    expect(updateSteps({ kind: "desktop" }, target)).toMatchObject({ manual: expect.stringContaining("updater") });
  });
});
