// The desktop build without Electrobun's native toolchain: the desktop layer
// bundles with Electrobun's real API, the staged app carries the same main
// bundle as the headless build, and the app's Bun entry runs that staged
// bundle from an app-shaped folder (Resources/app/bun + Resources/app/milady).
// Only the native window runtime is missing here, so the entry runs it --cli.
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleDesktopLayer, stageApp, stagePackageJson, toolchainMissing } from "../../build/build-desktop";
import { buildMain } from "../../build/build-main";
import { appIdentity, electrobunEnv, parseChannel } from "../../build/desktop-release";
import { ICON_SOURCE, makeIcons } from "../../build/make-icons";
import { postJson, removeDir, startMilady } from "../support/milady-process";

const ROOT = join(import.meta.dir, "..", "..");
const work = mkdtempSync(join(tmpdir(), "milady-desktop-build-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

describe("desktop build", () => {
  const app = join(work, "Milady", "Resources", "app");

  test("the desktop layer and the app entry bundle with Electrobun's API inlined", async () => {
    const outputs = await bundleDesktopLayer(join(work, "layer"));
    const layer = readFileSync(outputs.find((o) => o.endsWith("index.js")) ?? "", "utf8");
    // Electrobun's own classes are in the bundle (it resolved and linked), and so is Milady's shell.
    expect(layer).toContain("class BrowserWindow");
    expect(layer).toContain("class Tray");
    expect(layer).toContain("startDesktop");
    mkdirSync(join(app, "bun"), { recursive: true });
    cpSync(join(work, "layer", "app-entry.js"), join(app, "bun", "app-entry.js"));
  }, 120_000);

  test("the staged app holds the main bundle, agent entries, dashboard, icons and a production package.json", async () => {
    const dist = join(work, "dist");
    await buildMain(dist);
    makeIcons(ICON_SOURCE, join(dist, "icons"));
    // The dashboard build is Vite's job (tested elsewhere); a stand-in page is enough to stage.
    mkdirSync(join(dist, "renderer"), { recursive: true });
    writeFileSync(join(dist, "renderer", "index.html"), '<!doctype html><title>staged</title><div id="root"></div>');
    const stage = join(app, "milady");
    stageApp("beta", stage, dist);
    for (const file of [
      "dist/main/main.js",
      "dist/agent/worker.js",
      "dist/agent/process-entry.js",
      "dist/renderer/index.html",
      "dist/icons/tray/running-template@2x.png",
      "assets/avatars/milady-default.vrm",
    ]) {
      expect(existsSync(join(stage, file))).toBe(true);
    }
    const staged = JSON.parse(readFileSync(join(stage, "package.json"), "utf8"));
    expect(staged.version).toBe(pkg.version);
    expect(staged.dependencies).toEqual({ ...pkg.dependencies, electrobun: pkg.devDependencies.electrobun });
    expect(stagePackageJson(pkg).devDependencies).toEqual({});
    // The channel the app reports (Electrobun's version.json says stable for a beta build).
    expect(JSON.parse(readFileSync(join(stage, "release.json"), "utf8"))).toEqual({ channel: "beta" });
  }, 120_000);

  test("the app's Bun entry runs the staged main bundle", async () => {
    // `npm install --omit=dev` fills this in a real package; the checkout's modules stand in.
    symlinkSync(join(ROOT, "node_modules"), join(app, "milady", "node_modules"));
    const milady = await startMilady({ main: join(app, "bun", "app-entry.js") });
    try {
      // The staged stand-in page, not the checkout's dashboard: the staged bundle serves it.
      const page = await (await milady.api("/")).text();
      expect(page).toContain("<title>staged</title>");
      const { conversation } = await milady.json("/api/conversations", postJson({ title: "App" }));
      const res = await milady.json(
        `/api/conversations/${conversation.id}/messages`,
        postJson({ text: "from the app" }),
      );
      expect(res.reply.text).toBe("Echo: from the app");
    } finally {
      await milady.stop();
      removeDir(milady.stateDir);
    }
  }, 120_000);
});

describe("release channels", () => {
  test("beta is its own app (name, identifier, feed folder) built as stable; unknown channels are refused", () => {
    expect(electrobunEnv("beta")).toBe("stable");
    expect(electrobunEnv("canary")).toBe("canary");
    expect(parseChannel(undefined)).toBe("dev");
    expect(() => parseChannel("nightly")).toThrow(/use stable, beta, canary or dev/);
    expect(appIdentity("stable", "https://x.test/desktop/")).toEqual({
      name: "Milady",
      identifier: "app.milady.desktop",
      baseUrl: "https://x.test/desktop",
    });
    expect(appIdentity("beta", "https://x.test/desktop")).toEqual({
      name: "Milady Beta",
      identifier: "app.milady.desktop.beta",
      baseUrl: "https://x.test/desktop/beta",
    });
    expect(appIdentity("canary", "https://x.test/desktop").identifier).toBe("app.milady.desktop");
  });

  test("electrobun.config.ts takes its version from package.json and its feed from MILADY_RELEASE_BASE_URL", async () => {
    const read = async (env: Record<string, string>) => {
      const proc = Bun.spawn(
        [
          process.execPath,
          "-e",
          'const c = (await import("./electrobun.config.ts")).default; console.log(JSON.stringify(c))',
        ],
        { cwd: ROOT, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" },
      );
      const out = await new Response(proc.stdout).text();
      expect(await proc.exited).toBe(0);
      return JSON.parse(out);
    };
    const standard = await read({ MILADY_RELEASE_BASE_URL: "" });
    expect(standard.app.version).toBe(pkg.version);
    expect(standard.app.urlSchemes).toEqual(["milady"]);
    expect(standard.release.baseUrl).toMatch(/^https:\/\//);
    expect(standard.runtime.exitOnLastWindowClosed).toBe(false);
    // The icons the build made above sit where the config points (paths relative to the checkout).
    for (const icon of [standard.build.mac.icons, standard.build.win.icon, standard.build.linux.icon]) {
      expect(existsSync(join(work, icon))).toBe(true);
    }
    const custom = await read({ MILADY_RELEASE_BASE_URL: "http://127.0.0.1:9/feed" });
    expect(custom.release.baseUrl).toBe("http://127.0.0.1:9/feed");
    // What `build:desktop --package --channel beta` hands electrobun build.
    const beta = await read({ MILADY_RELEASE_BASE_URL: "http://127.0.0.1:9/feed", MILADY_CHANNEL: "beta" });
    expect(beta.app.name).toBe("Milady Beta");
    expect(beta.app.identifier).toBe("app.milady.desktop.beta");
    expect(beta.release.baseUrl).toBe("http://127.0.0.1:9/feed/beta");
  });

  test("packaging checks for Electrobun's native toolchain before running electrobun build", () => {
    const fakeRoot = join(work, "toolchain");
    expect(toolchainMissing(fakeRoot)).toHaveLength(4);
    const os = process.platform === "darwin" ? "macos" : process.platform === "win32" ? "win" : "linux";
    const dir = join(fakeRoot, "node_modules", "electrobun", `dist-${os}-${process.arch}`);
    mkdirSync(dir, { recursive: true });
    for (const f of ["bun", "bsdiff", "bspatch"]) writeFileSync(join(dir, f), "");
    expect(toolchainMissing(fakeRoot)).toEqual([expect.stringMatching(/^libNativeWrapper\./)]);
  });
});
