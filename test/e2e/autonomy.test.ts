/**
 * Settings > Autonomy in real Chromium against the real server (scripted model test double):
 * the switch saves to milady.json, Wake now shows the agent's answer and the calls used this
 * hour; custom action files show in the Plugins tab with their status and reason. Screenshots
 * at desktop and phone size go to the temp dir (AUTONOMY_SHOTS below).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DESKTOP, gotoChat, launchBrowser, openPage, openTab, PHONE, startOnboardedMilady } from "../support/browser";
import { type MiladyProcess, removeDir, tempStateDir } from "../support/milady-process";

const AUTONOMY_SHOTS = join(tmpdir(), "milady-e2e-autonomy");
let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  mkdirSync(AUTONOMY_SHOTS, { recursive: true });
  browser = await launchBrowser();
  const stateDir = tempStateDir("milady-e2e-autonomy-");
  const actions = join(stateDir, "workspace", "custom-actions");
  mkdirSync(actions, { recursive: true });
  writeFileSync(
    join(actions, "greet.json"),
    JSON.stringify({ name: "GREET", description: "A greeting", kind: "message", template: "Hello {{who}}!" }),
  );
  writeFileSync(
    join(actions, "disk.json"),
    JSON.stringify({ name: "DISK_FREE", description: "Disk use", kind: "shell", command: ["df", "-h"] }),
  );
  writeFileSync(
    join(actions, "bad.json"),
    JSON.stringify({ name: "BAD", description: "x", kind: "http", request: { url: "nope" } }),
  );
  milady = await startOnboardedMilady({ stateDir });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await milady?.stop();
  if (milady) removeDir(milady.stateDir);
});

async function openAutonomy(page: Page) {
  await gotoChat(page, milady.url);
  await openTab(page, "Settings");
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Autonomy" }) });
  await card.getByTestId("autonomy").waitFor();
  return card;
}

describe("Settings > Autonomy", () => {
  test("switch on, Wake now: the answer, its result and the calls this hour", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: DESKTOP });
    const card = await openAutonomy(page);
    // A controlled switch: it turns on when the server's answer says so (check() would demand it at once).
    await card.getByRole("switch", { name: "Autonomy loop" }).click();
    await card.getByText("On", { exact: true }).waitFor();
    const saved = JSON.parse(readFileSync(join(milady.stateDir, "milady.json"), "utf8"));
    expect(saved.autonomy.enabled).toBe(true);
    await card.getByRole("button", { name: "Wake now" }).click();
    await card.getByText("answered").waitFor({ timeout: 20_000 });
    expect(await card.getByTestId("autonomy-last-wake").textContent()).toContain("Echo: Autonomy wake");
    expect(await card.getByTestId("autonomy-calls").textContent()).toMatch(/^[1-9]\d* of 12/);
    await card.screenshot({ path: join(AUTONOMY_SHOTS, "autonomy-desktop.png"), animations: "disabled" } as never);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  test("phone size: the card fits the screen", async () => {
    const { page, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    const card = await openAutonomy(page);
    await card.getByRole("button", { name: "Wake now" }).evaluate((el) => el.scrollIntoView({ block: "center" }));
    const box = await card.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width + 1).toBe(true);
    await page.screenshot({ path: join(AUTONOMY_SHOTS, "autonomy-phone.png"), animations: "disabled" } as never);
    await close();
  }, 60_000);

  test("custom actions in the Plugins tab: loaded, refused (shell off) and failed, each with its reason", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: DESKTOP });
    await gotoChat(page, milady.url);
    await openTab(page, "Plugins");
    const row = (file: string) => page.getByTestId(`plugin-custom-actions/${file}`);
    await row("greet.json").waitFor();
    expect(await row("disk.json").textContent()).toContain("features.shellEnabled is false");
    expect(await row("bad.json").textContent()).toContain("request.url: must start with http:// or https://");
    // A custom action is not a package: no Enable/Disable switch, no package settings.
    expect(await row("greet.json").getByRole("button").count()).toBe(0);
    await row("bad.json").scrollIntoViewIfNeeded();
    await page.screenshot({
      path: join(AUTONOMY_SHOTS, "custom-actions-plugins.png"),
      animations: "disabled",
    } as never);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);
});
