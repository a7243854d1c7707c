/**
 * What the installable phone app needs next to the dashboard build (dist/renderer):
 *
 *   icons/icon-192.png, icons/icon-512.png   the web app manifest's icons, from assets/icon.png
 *   sw.js                                    the service worker (src-renderer/pwa/service-worker.ts)
 *                                            with this build's version and app-shell file list
 *
 * The manifest itself is a static file (src-renderer/public/manifest.webmanifest) Vite copies.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { decode, downscale, encode } from "./icons/raster";

const repo = fileURLToPath(new URL("..", import.meta.url));
export const PWA_ICON_SIZES = [192, 512] as const;
const SW_ENTRY = join(repo, "src-renderer", "pwa", "service-worker.ts");

export function writePwaIcons(outDir: string, source = join(repo, "assets", "icon.png")): string[] {
  const image = decode(readFileSync(source));
  mkdirSync(join(outDir, "icons"), { recursive: true });
  return PWA_ICON_SIZES.map((size) => {
    const path = join(outDir, "icons", `icon-${size}.png`);
    writeFileSync(path, encode(downscale(image, size)));
    return path;
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** The app shell: the page, its bundles and styles, the manifest and icons (paths relative to the scope). */
export function shellFiles(outDir: string): string[] {
  const files = listFiles(outDir)
    .map((f) => relative(outDir, f).split("\\").join("/"))
    .filter(
      (f) =>
        f === "index.html" ||
        f === "manifest.webmanifest" ||
        /^icons\/[^/]+\.png$/.test(f) ||
        /^assets\/[^/]+\.(js|css)$/.test(f),
    )
    .sort();
  return ["./", ...files];
}

/** Changes whenever any shell file's bytes change, so a new build installs a new cache. */
export function shellVersion(outDir: string, files: string[]): string {
  const hash = createHash("sha256");
  for (const f of files) {
    if (f === "./") continue;
    hash.update(f);
    hash.update(readFileSync(join(outDir, f)));
  }
  return hash.digest("hex").slice(0, 16);
}

export async function writeServiceWorker(outDir: string): Promise<{ version: string; files: string[] }> {
  const files = shellFiles(outDir);
  const version = shellVersion(outDir, files);
  const result = await Bun.build({
    entrypoints: [SW_ENTRY],
    target: "browser",
    format: "esm",
    minify: true,
    define: { __SHELL_VERSION__: JSON.stringify(version), __SHELL_FILES__: JSON.stringify(files) },
  });
  if (!result.success) throw new Error(`service worker build failed: ${result.logs.join("\n")}`);
  writeFileSync(join(outDir, "sw.js"), await result.outputs[0]!.text());
  return { version, files };
}
