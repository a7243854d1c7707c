/**
 * The Plugins tab in real Chromium against the real server (scripted model test double),
 * with plugins the test wrote into <state>/plugins/custom and a deny list: loaded, failed,
 * denied and refused rows with their reasons, source and version, at desktop and phone size.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import {
  gotoChat,
  launchBrowser,
  openPage,
  openTab,
  PHONE,
  screenshot,
  startOnboardedMilady,
} from "../support/browser";
import { type MiladyProcess, removeDir, tempStateDir } from "../support/milady-process";
import { TEST_PLUGINS, writeTestPlugins } from "../support/test-plugins";

let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  const stateDir = tempStateDir("milady-e2e-plugins-");
  writeTestPlugins(join(stateDir, "plugins", "custom"));
  writeFileSync(join(stateDir, "milady.json"), JSON.stringify({ plugins: { deny: [TEST_PLUGINS.denied] } }));
  browser = await launchBrowser();
  milady = await startOnboardedMilady({ stateDir });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await milady?.stop();
  if (milady) removeDir(milady.stateDir);
});

describe("plugins tab: what loaded and why not", () => {
  test("desktop: each status with its reason; refused and denied rows have no switch", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openTab(page, "Plugins");
    const good = page.getByTestId(`plugin-${TEST_PLUGINS.good}`);
    await good.getByText("loaded", { exact: true }).waitFor();
    await good.getByText("1.2.3", { exact: true }).waitFor();
    await good.getByText("custom", { exact: true }).waitFor();
    const failed = page.getByTestId(`plugin-${TEST_PLUGINS.initThrows}`);
    await failed.getByText("failed", { exact: true }).waitFor();
    await failed.getByText(/init exploded on purpose/).waitFor();
    const denied = page.getByTestId(`plugin-${TEST_PLUGINS.denied}`);
    await denied.getByText("denied", { exact: true }).waitFor();
    expect(await denied.getByRole("button", { name: /Enable|Disable/ }).count()).toBe(0);
    const refused = page.getByTestId("plugin-@elizaos/plugin-bootstrap").filter({ hasText: "refused" });
    await refused.getByText(/the core plugin Milady loads itself/).waitFor();
    // No switch, and no Settings: they would be the core plugin's.
    expect(await refused.getByRole("button").count()).toBe(0);
    await page
      .getByTestId(`plugin-${TEST_PLUGINS.skewed}`)
      .getByText(/Milady has 1\.7\.2/)
      .waitFor();
    await screenshot(page, "plugins-statuses-desktop");
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  test("phone size: long reasons wrap inside the screen", async () => {
    const { page, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    await gotoChat(page, milady.url);
    await openTab(page, "Plugins");
    const reason = page.getByTestId(`plugin-${TEST_PLUGINS.skewed}`).getByText(/Milady has 1\.7\.2/);
    await reason.waitFor();
    const box = await reason.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "plugins-statuses-phone");
    await close();
  }, 60_000);
});
