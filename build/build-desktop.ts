/**
 * Builds the desktop app.
 *
 *   bun build/build-desktop.ts                 dashboard + main bundle + icons, the
 *                                              desktop layer bundled with Electrobun's
 *                                              API (the CI check), and dist/desktop-app
 *   bun build/build-desktop.ts --package [--channel stable|beta|canary|dev]
 *                                              also installs the production
 *                                              dependencies into the stage and runs
 *                                              `electrobun build` (needs its native
 *                                              toolchain; see README, "Desktop app")
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildMain } from "./build-main";
import { buildRenderer } from "./build-renderer";
import { electrobunEnv, type MiladyChannel, parseChannel } from "./desktop-release";
import { makeIcons } from "./make-icons";

const repo = fileURLToPath(new URL("..", import.meta.url));
export const STAGE_DIR = join(repo, "dist", "desktop-app");
const LAYER_CHECK_DIR = join(repo, "dist", "desktop-layer");

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  type?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const readPackage = (): PackageJson => JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));

/**
 * Bundles the desktop layer and the app entry with Electrobun's API inlined, the
 * way `electrobun build` will: a wrong import or an API mismatch fails here, in CI,
 * without the native toolchain.
 */
export async function bundleDesktopLayer(outdir = LAYER_CHECK_DIR): Promise<string[]> {
  const pkg = readPackage();
  rmSync(outdir, { recursive: true, force: true });
  const result = await Bun.build({
    entrypoints: [join(repo, "src-main", "desktop", "index.ts"), join(repo, "src-main", "desktop", "app-entry.ts")],
    outdir,
    target: "bun",
    // What the headless bundle resolves at run time stays external; electrobun is bundled.
    external: Object.keys(pkg.dependencies).flatMap((name) => [name, `${name}/*`]),
  });
  if (!result.success) {
    throw new Error(`the desktop layer does not bundle:\n${result.logs.map(String).join("\n")}`);
  }
  return result.outputs.map((o) => o.path);
}

/** The package.json inside the app: the production dependencies plus Electrobun's API. */
export function stagePackageJson(pkg: PackageJson): PackageJson {
  return {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    type: "module",
    dependencies: { ...pkg.dependencies, electrobun: pkg.devDependencies.electrobun },
    devDependencies: {},
  };
}

/**
 * dist/desktop-app: what electrobun.config.ts copies to Resources/app/milady. Its release.json
 * names the Milady channel, which the app reports (a beta app's version.json says stable).
 */
export function stageApp(channel: MiladyChannel = "dev", stage = STAGE_DIR, distRoot = join(repo, "dist")): void {
  rmSync(stage, { recursive: true, force: true });
  for (const dir of ["main", "agent", "renderer", "icons"]) {
    const from = join(distRoot, dir);
    if (!existsSync(from)) throw new Error(`${from} is missing: the build steps before staging did not run`);
    cpSync(from, join(stage, "dist", dir), { recursive: true });
  }
  cpSync(join(repo, "assets"), join(stage, "assets"), { recursive: true });
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(stagePackageJson(readPackage()), null, 2)}\n`);
  writeFileSync(join(stage, "release.json"), `${JSON.stringify({ channel })}\n`);
}

function run(cmd: string[], cwd: string, env: Record<string, string> = {}): void {
  console.log(`$ ${cmd.join(" ")}`);
  const result = Bun.spawnSync(cmd, { cwd, stdout: "inherit", stderr: "inherit", env: { ...process.env, ...env } });
  if (result.exitCode !== 0) throw new Error(`${cmd[0]} exited with ${result.exitCode}`);
}

/** Electrobun's native toolchain for this machine, which `electrobun build` would otherwise download. */
export function toolchainMissing(root = repo): string[] {
  const dir = join(
    root,
    "node_modules",
    "electrobun",
    `dist-${process.platform === "darwin" ? "macos" : process.platform === "win32" ? "win" : "linux"}-${process.arch}`,
  );
  const lib =
    process.platform === "darwin"
      ? "libNativeWrapper.dylib"
      : process.platform === "win32"
        ? "libNativeWrapper.dll"
        : "libNativeWrapper.so";
  return ["bun", "bsdiff", "bspatch", lib].filter(
    (f) => !existsSync(join(dir, process.platform === "win32" && f !== lib ? `${f}.exe` : f)),
  );
}

async function packageApp(channel: MiladyChannel): Promise<void> {
  run(["npm", "install", "--omit=dev", "--no-audit", "--no-fund"], STAGE_DIR);
  const missing = toolchainMissing();
  if (missing.length > 0) {
    throw new Error(
      `Electrobun's native toolchain is not here (missing ${missing.join(", ")} in node_modules/electrobun/dist-<os>-<arch>/). ` +
        "`electrobun build` downloads it from GitHub releases: run this on a machine that can reach github.com.",
    );
  }
  // electrobun.config.ts reads MILADY_CHANNEL: beta is built as its own app (build/desktop-release.ts).
  run([join(repo, "node_modules", ".bin", "electrobun"), "build", `--env=${electrobunEnv(channel)}`], repo, {
    MILADY_CHANNEL: channel,
  });
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const channelAt = args.indexOf("--channel");
  const channel = parseChannel(channelAt >= 0 ? args[channelAt + 1] : undefined);
  const t0 = performance.now();
  await buildRenderer();
  await buildMain();
  makeIcons();
  const layer = await bundleDesktopLayer();
  stageApp(channel);
  console.log(`desktop layer bundled with Electrobun's API: ${layer.length} files in dist/desktop-layer`);
  console.log(`app staged in ${STAGE_DIR} (${Math.round(performance.now() - t0)} ms)`);
  if (args.includes("--package")) await packageApp(channel);
}
