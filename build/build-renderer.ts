/**
 * Builds the dashboard with Vite into dist/renderer, adds the installable app's icons and
 * service worker (build/pwa.ts), and prints the gzip size of the JS the first paint needs
 * (the lazy avatar chunk is excluded: chat must work before three.js arrives).
 *
 *   bun build/build-renderer.ts
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { writePwaIcons, writeServiceWorker } from "./pwa";

const repo = fileURLToPath(new URL("..", import.meta.url));
export const RENDERER_OUT_DIR = join(repo, "dist", "renderer");

export interface InitialJsSize {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

/** Sums the scripts index.html loads directly (entry + modulepreloads). */
export function measureInitialJs(outDir = RENDERER_OUT_DIR): InitialJsSize {
  const html = readFileSync(join(outDir, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of new Set(files)) {
    const buf = readFileSync(join(outDir, f));
    rawBytes += buf.length;
    gzipBytes += gzipSync(buf, { level: 9 }).length;
  }
  return { files: [...new Set(files)], rawBytes, gzipBytes };
}

export async function buildRenderer(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: join(repo, "vite.config.ts"), logLevel: "warn" });
  // Icons before the worker: they are part of the shell it caches and of its version.
  writePwaIcons(RENDERER_OUT_DIR);
  await writeServiceWorker(RENDERER_OUT_DIR);
}

if (import.meta.main) {
  const t0 = performance.now();
  await buildRenderer();
  const size = measureInitialJs();
  const all = readdirSync(join(RENDERER_OUT_DIR, "assets"));
  console.log(`renderer built in ${Math.round(performance.now() - t0)} ms -> ${RENDERER_OUT_DIR}`);
  console.log(
    `initial JS: ${size.files.join(", ")}: ${(size.rawBytes / 1024).toFixed(1)} KB raw, ${(size.gzipBytes / 1024).toFixed(1)} KB gzip`,
  );
  console.log(`assets: ${all.join(", ")}`);
}
