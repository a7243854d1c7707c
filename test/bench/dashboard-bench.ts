import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT, startMiladyTarget } from "./milady-target";
import { percentile } from "./stats";

/** A figure, or why it could not be measured (never a made-up number). */
export type Figure = { value: number; note?: string } | { na: string };

export interface DashboardResult {
  initialJsGzipKb: Figure;
  initialJsFiles: string[];
  timeToInteractiveMs: Figure;
  avatarFps: Figure;
  avatarFpsSamples?: number[];
  selector: string;
  /** What the page looked like after the fps window (for a person to check). */
  screenshot?: string;
}

const DIST = join(ROOT, "dist", "renderer");
/** The chat composer (src-renderer/features/chat/composer.tsx): `<textarea id="composer">`. */
export const COMPOSER_SELECTOR = "textarea#composer:not([disabled])";
const AVATAR_CHUNK = /avatar|three|vrm/i;

/** The renderer publishes its avatar controller here (src-renderer/avatar/types.ts); read as page expressions. */
const AVATAR = "window.__miladyAvatar";

/**
 * Entry scripts and modulepreload links of dist/renderer/index.html, without the lazy avatar
 * chunk (chat must work before three.js arrives), gzipped one by one with Bun.gzipSync.
 */
export function initialJsSize(
  html: string,
  readAsset: (path: string) => Uint8Array,
): { kb: number; files: string[]; excluded: string[] } {
  const refs = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag) && /type=["']module["']/i.test(tag);
    const isPreload = /^<link/i.test(tag) && /rel=["']modulepreload["']/i.test(tag);
    const ref = /(?:src|href)=["']([^"']+\.m?js)["']/i.exec(tag)?.[1];
    if ((isScript || isPreload) && ref && !/^https?:/i.test(ref)) refs.add(ref.replace(/^\.?\//, ""));
  }
  const files = [...refs].filter((f) => !AVATAR_CHUNK.test(f));
  const excluded = [...refs].filter((f) => AVATAR_CHUNK.test(f));
  const bytes = files.reduce((sum, f) => sum + Bun.gzipSync(readAsset(f) as Uint8Array<ArrayBuffer>).length, 0);
  return { kb: bytes / 1024, files, excluded };
}

async function ensureBuilt(): Promise<string | undefined> {
  if (!existsSync(join(ROOT, "build", "build-renderer.ts"))) return "build/build-renderer.ts is not there yet";
  try {
    const { ensureRendererBuilt } = await import("../../build/ensure-built");
    await ensureRendererBuilt(ROOT);
  } catch (error) {
    return `the dashboard build failed: ${(error as Error).message}`;
  }
  return existsSync(join(DIST, "index.html")) ? undefined : "dist/renderer/index.html missing after the build";
}

/**
 * Size from dist/renderer; time to interactive and avatar fps from headless Chromium
 * (playwright-core, /usr/bin/chromium, the flags in docs/dependency-notes.md) against a real Milady on loopback.
 */
export async function dashboardBench(fpsSeconds: number): Promise<DashboardResult> {
  const result: DashboardResult = {
    initialJsGzipKb: { na: "not measured" },
    initialJsFiles: [],
    timeToInteractiveMs: { na: "not measured" },
    avatarFps: { na: "not measured" },
    selector: COMPOSER_SELECTOR,
  };
  const missing = await ensureBuilt();
  if (missing) {
    result.initialJsGzipKb = result.timeToInteractiveMs = result.avatarFps = { na: missing };
    return result;
  }
  const size = initialJsSize(readFileSync(join(DIST, "index.html"), "utf8"), (f) => readFileSync(join(DIST, f)));
  result.initialJsFiles = size.files;
  result.initialJsGzipKb = size.files.length
    ? { value: size.kb, note: size.excluded.length ? `excluded ${size.excluded.join(", ")}` : undefined }
    : { na: "index.html names no module script" };

  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import("../support/chromium");
  if (!existsSync(CHROMIUM_PATH)) {
    result.timeToInteractiveMs = result.avatarFps = {
      na: `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`,
    };
    return result;
  }
  const stateDir = mkdtempSync(join(tmpdir(), "milady-bench-ui-"));
  // Past onboarding, so the chat view (and its composer) is what the dashboard opens on.
  writeFileSync(
    join(stateDir, "milady.json"),
    `${JSON.stringify({ $schemaVersion: 1, ui: { onboardingCompleted: true } })}\n`,
  );
  try {
    await browserFigures(result, stateDir, fpsSeconds, CHROMIUM_PATH, CHROMIUM_ARGS);
  } catch (error) {
    const why = (error as Error).message.split("\n")[0].slice(0, 200);
    if (!("value" in result.timeToInteractiveMs)) result.timeToInteractiveMs = { na: why };
    if (!("value" in result.avatarFps)) result.avatarFps = { na: why };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  return result;
}

async function browserFigures(
  result: DashboardResult,
  stateDir: string,
  fpsSeconds: number,
  executablePath: string,
  args: string[],
): Promise<void> {
  const target = await startMiladyTarget({ stateDir });
  // launch() gives Chromium a fresh temporary profile of its own (it refuses --user-data-dir).
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args }).catch(async (error) => {
    await target.stop();
    throw error;
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // One unmeasured load warms Chromium itself (process, GPU emulation); the measured one is a fresh navigation.
    await page.goto(target.url, { waitUntil: "domcontentloaded" });
    await page.goto("about:blank");
    const t0 = performance.now();
    await page.goto(target.url, { waitUntil: "commit" });
    try {
      await page.waitForSelector(COMPOSER_SELECTOR, { state: "visible", timeout: 15_000 });
      result.timeToInteractiveMs = { value: performance.now() - t0 };
    } catch {
      result.timeToInteractiveMs = { na: `no enabled ${COMPOSER_SELECTOR} within 15 s` };
    }
    try {
      await page.waitForFunction(`${AVATAR}?.state === "ready"`, undefined, { timeout: 20_000 });
      // fps is "frames in the last second": sample it twice a second and take the median.
      await page.waitForTimeout(1000);
      const samples: number[] = [];
      for (let i = 0; i < fpsSeconds * 2; i++) {
        samples.push(Number(await page.evaluate(`${AVATAR}?.fps ?? NaN`)));
        await page.waitForTimeout(500);
      }
      const paused = await page.evaluate(`${AVATAR}?.paused`);
      result.avatarFpsSamples = samples;
      const fps = percentile(samples.filter(Number.isFinite), 50);
      result.avatarFps = Number.isFinite(fps)
        ? { value: fps, note: `SwiftShader (software WebGL)${paused ? ", avatar reports paused" : ""}` }
        : { na: "window.__miladyAvatar.fps missing" };
    } catch {
      const state = await page.evaluate(`${AVATAR}?.state ?? "absent"`).catch(() => "unknown");
      result.avatarFps = { na: `avatar not ready within 20 s (window.__miladyAvatar: ${state})` };
    }
    const shot = join(ROOT, ".bench", "dashboard.png");
    mkdirSync(dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
    result.screenshot = shot;
  } finally {
    await browser.close();
    await target.stop();
  }
}
