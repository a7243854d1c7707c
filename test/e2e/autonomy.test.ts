/**
 * Settings > Autonomy in real Chromium against the real server (scripted model test double):
 * the switch saves to milady.json, Wake now shows the agent's answer and the calls used this
 * hour. Screenshots at desktop and phone size go to the temp dir (AUTONOMY_SHOTS below).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DESKTOP, gotoChat, launchBrowser, openPage, openTab, PHONE, startOnboardedMilady } from "../support/browser";
import { type MiladyProcess, removeDir } from "../support/milady-process";

const AUTONOMY_SHOTS = join(tmpdir(), "milady-e2e-autonomy");
let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  mkdirSync(AUTONOMY_SHOTS, { recursive: true });
  browser = await launchBrowser();
  milady = await startOnboardedMilady();
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
    await card.getByRole("switch", { name: "Autonomy loop" }).check();
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
});
