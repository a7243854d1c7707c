/**
 * Settings > Updates in real Chromium against the real headless server, whose registry is a
 * fake npm registry on loopback (test/support/fake-registry.ts): Check now, channel and mode
 * saved to milady.json, and the `milady update` command. The desktop states (downloading,
 * ready to restart) come from GET /api/updates answered by the test as the desktop app
 * answers it, since the headless server has no desktop updater. Screenshots go to the
 * temp dir (UPDATES_SHOTS below), never into the repository.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import pkg from "../../package.json" with { type: "json" };
import { updateStatusSchema } from "../../src-shared/protocol/updates";
import { DESKTOP, gotoChat, launchBrowser, openPage, openTab, PHONE, startOnboardedMilady } from "../support/browser";
import { type FakeRegistry, startFakeRegistry } from "../support/fake-registry";
import { type MiladyProcess, removeDir } from "../support/milady-process";

const UPDATES_SHOTS = join(tmpdir(), "milady-e2e-updates");

let browser: Browser;
let milady: MiladyProcess;
let registry: FakeRegistry;

beforeAll(async () => {
  mkdirSync(UPDATES_SHOTS, { recursive: true });
  registry = await startFakeRegistry([{ name: pkg.name, distTags: { latest: "99.1.0", beta: "99.2.0-beta.1" } }]);
  browser = await launchBrowser();
  milady = await startOnboardedMilady({ env: { MILADY_UPDATE_REGISTRY: registry.url } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await milady?.stop();
  if (milady) removeDir(milady.stateDir);
  registry?.stop();
});

async function openUpdates(page: Page): Promise<ReturnType<Page["locator"]>> {
  await gotoChat(page, milady.url);
  await openTab(page, "Settings");
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Updates" }) });
  await card.getByTestId("updates").waitFor();
  return card;
}

/** The card on a desktop; on a phone the screen, scrolled so the card's buttons clear the bottom bar. */
async function shot(page: Page, card: ReturnType<Page["locator"]>, name: string, phone = false): Promise<void> {
  const options = { path: join(UPDATES_SHOTS, `${name}.png`), animations: "disabled" } as never;
  if (!phone) return void (await card.screenshot(options));
  await card
    .getByRole("button")
    .last()
    .evaluate((el) => el.scrollIntoView({ block: "center" }));
  await page.screenshot(options);
}

describe("Settings > Updates", () => {
  test("headless: Check now asks npm, the channel and mode are saved, `milady update` is the way to install", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: DESKTOP });
    const card = await openUpdates(page);
    await card.getByText(pkg.version, { exact: true }).waitFor();
    await card.getByRole("button", { name: "Check now" }).click();
    await card.getByText("99.1.0", { exact: true }).waitFor();
    await card.getByText("Update available").waitFor();
    expect(await card.getByTestId("update-command").textContent()).toContain("milady update");
    expect(await card.getByRole("button", { name: "Restart to update" }).count()).toBe(0);
    await shot(page, card, "headless-available-desktop");

    await card.getByLabel("Channel").selectOption("beta");
    await card.getByText("Not checked yet", { exact: true }).waitFor();
    await card.getByRole("button", { name: "Check now" }).click();
    await card.getByText("99.2.0-beta.1", { exact: true }).waitFor();
    await card.getByLabel("Mode").selectOption("notify");
    await card.getByText(/Asks npm at start/).waitFor();
    const saved = JSON.parse(readFileSync(join(milady.stateDir, "milady.json"), "utf8"));
    expect(saved.updates).toEqual({ channel: "beta", mode: "notify" });
    // A saved update setting is not an agent setting: no restart banner (other cards may mention restarts).
    expect(await page.getByText("Restart the agent to apply your changes.").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Restart now" }).count()).toBe(0);
    await page.screenshot({ path: join(UPDATES_SHOTS, "headless-beta-desktop-page.png") });
    expect(registry.requests.filter((r) => r === `GET /${pkg.name}`).length).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  test("phone 390x844: the card fits the screen, its controls stay usable", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    const card = await openUpdates(page);
    await card.scrollIntoViewIfNeeded();
    const box = await card.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const check = await card.getByRole("button", { name: "Check now" }).boundingBox();
    expect(check!.height).toBeGreaterThanOrEqual(36);
    await shot(page, card, "headless-phone", true);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  test("desktop states, as the desktop app's /api/updates answers: downloading, then ready to restart", async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, close } = await openPage(browser, { viewport, mobile: viewport === PHONE });
      const base = {
        backend: "desktop",
        current: "1.0.0",
        channel: "canary",
        configuredChannel: "stable",
        mode: "auto",
        available: { version: "1.2.0", hash: "62d84afa" },
        lastCheckAt: Date.now() - 60_000,
        nextCheckAt: Date.now() + 6 * 3600_000,
        channelNote:
          "This app is Milady's canary build and updates on canary. To follow stable, install the stable build of the app.",
      };
      let status: Record<string, unknown> = {
        ...base,
        state: "downloading",
        progress: 42,
        message: "Downloading: 41.2 MB",
        canApply: false,
      };
      await page.route("**/api/updates", (route) =>
        route.fulfill({ json: updateStatusSchema.parse(status), headers: { "access-control-allow-origin": "*" } }),
      );
      const card = await openUpdates(page);
      await card.getByRole("progressbar", { name: "Update download" }).waitFor();
      expect(await card.getByTestId("update-command").count()).toBe(0);
      await shot(page, card, `desktop-downloading-${viewport === PHONE ? "phone" : "desktop"}`, viewport === PHONE);
      status = { ...base, state: "ready", message: "Milady 1.2.0 is downloaded: restart to update", canApply: true };
      await openTab(page, "Chat");
      await openTab(page, "Settings");
      await card.getByRole("button", { name: "Restart to update" }).waitFor();
      await shot(page, card, `desktop-ready-${viewport === PHONE ? "phone" : "desktop"}`, viewport === PHONE);
      await close();
    }
  }, 60_000);
});
