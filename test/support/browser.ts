/**
 * Shared helpers for the end-to-end tests: one Chromium per test file, a fresh
 * context per test, screenshots into test-results/e2e/, a console-error
 * collector and pngjs pixel helpers. Chromium is Debian's /usr/bin/chromium
 * driven by playwright-core (no Playwright browser downloads here).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { PNG } from "pngjs";
import { ensureRendererBuilt } from "../../build/ensure-built";
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromium } from "./chromium";
import { type MiladyProcess, removeDir, type StartOptions, startMilady } from "./milady-process";

export const ROOT = join(import.meta.dir, "..", "..");
export const SHOTS_DIR = join(ROOT, "test-results", "e2e");

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Chromium + a built dashboard; call once per file in beforeAll. */
export async function launchBrowser(): Promise<Browser> {
  await ensureChromium();
  await ensureRendererBuilt(ROOT);
  mkdirSync(SHOTS_DIR, { recursive: true });
  // playwright-core gives each launch a fresh temporary profile (it refuses --user-data-dir in args).
  return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  theme?: "dark" | "light";
  /** Touch + mobile UA flags for the phone viewport. */
  mobile?: boolean;
  /** prefers-reduced-motion: the avatar then stands still between emotes (steady pixels). */
  reducedMotion?: boolean;
  /**
   * Console errors a test provokes on purpose (Chromium logs "Failed to load resource:
   * ... 415" for a refused upload); everything else lands in `errors`.
   */
  allowErrors?: RegExp[];
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** console.error messages and uncaught page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function openPage(browser: Browser, options: PageOptions = {}): Promise<TestPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    deviceScaleFactor: 1,
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    colorScheme: options.theme ?? "dark",
    reducedMotion: options.reducedMotion ? "reduce" : "no-preference",
  });
  const theme = options.theme ?? "dark";
  // The dashboard keeps its theme in localStorage ("milady.theme"); set it before any script runs.
  await context.addInitScript((t) => {
    try {
      localStorage.setItem("milady.theme", t);
    } catch {}
  }, theme);
  // Fail a step in 10 s with Playwright's own message, well before bun's test timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    if (!(options.allowErrors ?? []).some((re) => re.test(text))) errors.push(text);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  return { context, page, errors, close: () => context.close() };
}

/** Writes test-results/e2e/<name>.png (full viewport, or just `target`) and returns the decoded PNG. */
export async function screenshot(target: Page | Locator, name: string): Promise<PNG> {
  const buf = await target.screenshot({ animations: "disabled" } as never);
  writeFileSync(join(SHOTS_DIR, `${name}.png`), buf);
  return PNG.sync.read(buf);
}

/** A server with the scripted model (test double) whose first-run onboarding is already done. */
export async function startOnboardedMilady(options: StartOptions = {}): Promise<MiladyProcess> {
  const m = await startMilady(options);
  await m.json("/api/config", {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ config: { ui: { onboardingCompleted: true } } }),
  });
  return m;
}

/** What one e2e file shares: a Chromium, an onboarded server and a scratch dir for uploads. */
export interface Suite {
  browser: Browser;
  milady: MiladyProcess;
  files: string;
}

export async function openSuite(options: { files?: boolean } = {}): Promise<Suite> {
  const browser = await launchBrowser();
  const milady = await startOnboardedMilady();
  return { browser, milady, files: options.files ? mkdtempSync(join(tmpdir(), "milady-e2e-files-")) : "" };
}

/** Takes the parts separately: a test may have replaced the server (restart on the same state dir). */
export async function closeSuite(suite: Partial<Suite>): Promise<void> {
  await suite.browser?.close();
  await suite.milady?.stop();
  if (suite.milady) removeDir(suite.milady.stateDir);
  if (suite.files) rmSync(suite.files, { recursive: true, force: true });
}

/**
 * Goes to the dashboard and waits until the chat composer is usable: the
 * selector the bench uses for "navigation to interactive chat".
 */
export async function gotoChat(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator(COMPOSER).waitFor({ state: "visible", timeout: 15_000 });
  await page.getByRole("status").filter({ hasText: "Running" }).waitFor({ timeout: 15_000 });
}

export const COMPOSER = '[data-testid="composer"]';

export async function sendChat(page: Page, text: string): Promise<void> {
  const box = page.locator(COMPOSER);
  await box.fill(text);
  await box.press("Enter");
}

/** Opens a tab by its accessible name (sidebar on desktop, bottom bar on phones). */
/** Clicks a section's tab; on a phone, sections outside the bottom bar are behind its "More" tab. */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole("tab", { name, exact: true }).locator("visible=true");
  if ((await tab.count()) === 0) {
    const more = page.getByRole("tab", { name: "More", exact: true }).locator("visible=true");
    if ((await more.count()) > 0) await more.click();
  }
  await tab.click();
}

// ---- pixels -------------------------------------------------------------

/** Pixels that differ from `bg` by more than 30 (sum of RGB deltas). */
export function foreground(png: PNG, bg: readonly [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const d = Math.abs(png.data[i] - bg[0]) + Math.abs(png.data[i + 1] - bg[1]) + Math.abs(png.data[i + 2] - bg[2]);
    if (d > 30) n++;
  }
  return n;
}

/** Distinct colours (quantised to 5 bits per channel): a blank or flat canvas has 1-3. */
export function colourCount(png: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    seen.add(((png.data[i] >> 3) << 10) | ((png.data[i + 1] >> 3) << 5) | (png.data[i + 2] >> 3));
  }
  return seen.size;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixels changed by more than 40 (sum of RGB deltas) inside a box given in fractions of the image. */
export function changedPixels(a: PNG, b: PNG, box: Box = { x0: 0, y0: 0, x1: 1, y1: 1 }): number {
  if (a.width !== b.width || a.height !== b.height) return a.width * a.height;
  let n = 0;
  for (let y = Math.floor(box.y0 * a.height); y < Math.floor(box.y1 * a.height); y++) {
    for (let x = Math.floor(box.x0 * a.width); x < Math.floor(box.x1 * a.width); x++) {
      const i = (y * a.width + x) * 4;
      const d =
        Math.abs(a.data[i] - b.data[i]) +
        Math.abs(a.data[i + 1] - b.data[i + 1]) +
        Math.abs(a.data[i + 2] - b.data[i + 2]);
      if (d > 40) n++;
    }
  }
  return n;
}

/**
 * The rows and columns the figure covers (pixels differing from `bg` like `foreground`),
 * as fractions of the image; a row or column counts from `minPixels` figure pixels, so
 * antialiasing specks do not. Null for an empty image.
 */
export function figureExtent(png: PNG, bg: readonly [number, number, number], minPixels = 3): Box | null {
  const rows = new Array<number>(png.height).fill(0);
  const cols = new Array<number>(png.width).fill(0);
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const d = Math.abs(png.data[i] - bg[0]) + Math.abs(png.data[i + 1] - bg[1]) + Math.abs(png.data[i + 2] - bg[2]);
      if (d > 30) {
        rows[y]++;
        cols[x]++;
      }
    }
  }
  const first = (list: number[]) => list.findIndex((n) => n >= minPixels);
  const last = (list: number[]) => list.length - 1 - [...list].reverse().findIndex((n) => n >= minPixels);
  if (first(rows) < 0) return null;
  return {
    y0: first(rows) / png.height,
    y1: (last(rows) + 1) / png.height,
    x0: first(cols) / png.width,
    x1: (last(cols) + 1) / png.width,
  };
}

export { until } from "./until";
