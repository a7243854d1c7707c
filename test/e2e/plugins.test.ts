/**
 * Plugins tab in real Chromium against the real server (scripted model test double):
 * a plugin switched off while loaded says so until the agent restarts; after the restart
 * it is off; switched on again it says it loads at the next restart.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import {
  closeSuite,
  DESKTOP,
  gotoChat,
  openPage,
  openSuite,
  openTab,
  PHONE,
  screenshot,
  until,
} from "../support/browser";
import type { MiladyProcess } from "../support/milady-process";
import { packPluginPackage, TEST_PLUGIN_PARAMETERS } from "../support/plugin-packages";

const NAME = "milady-test-e2e-weather";
const SECRET = "wk_e2e_0123456789abcdef";

let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  ({ browser, milady } = await openSuite());
}, 60_000);
afterAll(() => closeSuite({ browser, milady }));

describe("plugins tab", () => {
  test("disable pending a restart, the restart applies it, enable again", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openTab(page, "Plugins");
    const row = page.getByTestId("plugin-milady");
    await row.getByText("loaded", { exact: true }).waitFor();
    // A core plugin has no switch (only its settings).
    expect(
      await page
        .getByTestId("plugin-@elizaos/plugin-sql")
        .getByRole("button", { name: /Disable|Enable/ })
        .count(),
    ).toBe(0);

    await row.getByRole("button", { name: "Disable" }).click();
    await row.getByText("Restart pending: still loaded until the agent restarts.").waitFor();
    await row.getByText("disabled", { exact: true }).waitFor();
    await screenshot(page, "plugins-disable-pending");

    // It is the server's state: a reload shows the same.
    await page.reload();
    await openTab(page, "Plugins");
    await page
      .getByTestId("plugin-milady")
      .getByText(/still loaded until the agent restarts/)
      .waitFor();

    // The restart prompt is server state: it is back after the reload.
    await page.getByRole("button", { name: "Restart now" }).click();
    // The open list reads the plugins again once the agent has started again, without leaving the tab.
    await page
      .getByTestId("plugin-milady")
      .getByText(/Restart pending/)
      .waitFor({ state: "detached", timeout: 45_000 });
    await page.getByRole("status").filter({ hasText: "Running" }).waitFor({ timeout: 30_000 });
    await page.getByTestId("plugin-milady").getByRole("button", { name: "Enable" }).waitFor({ timeout: 15_000 });
    const status = (await milady.json("/api/plugins")).plugins.find((p: { name: string }) => p.name === "milady");
    expect(status).toMatchObject({ status: "disabled", enabled: false });

    await page.getByTestId("plugin-milady").getByRole("button", { name: "Enable" }).click();
    await page.getByTestId("plugin-milady").getByText("Restart pending: loads when the agent restarts.").waitFor();
    await screenshot(page, "plugins-enable-pending");
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  test("phone size: rows and buttons fit the screen, touch targets 44 px", async () => {
    const { page, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    await gotoChat(page, milady.url);
    await openTab(page, "Plugins");
    const buttons = page.getByTestId("plugin-milady").getByRole("button");
    await buttons.first().waitFor();
    for (const button of await buttons.all()) {
      const box = await button.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, "plugins-phone");
    await close();
  }, 60_000);

  test("install (a real npm install of a packed plugin), configure with the secret masked, the restart offer", async () => {
    const tarball = packPluginPackage({ name: NAME, version: "1.4.0", parameters: TEST_PLUGIN_PARAMETERS });
    const installed = await milady.json("/api/plugins/install", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ spec: tarball }),
    });
    expect(installed.plugin.version).toBe("1.4.0");
    for (const [viewport, name] of [
      [DESKTOP, "desktop"],
      [PHONE, "phone"],
    ] as const) {
      const { page, errors, close } = await openPage(browser, { viewport, mobile: name === "phone" });
      await gotoChat(page, milady.url);
      await openTab(page, "Plugins");
      const row = page.getByTestId(`plugin-${NAME}`);
      await row.getByText("not loaded yet").waitFor();
      await row.getByRole("button", { name: `Settings of ${NAME}` }).click();
      const details = page.getByTestId(`details-${NAME}`);
      await details.getByLabel("WEATHER_CITY *").fill("Lisbon");
      await details.getByLabel("WEATHER_API_KEY *").fill(SECRET);
      await details.getByRole("button", { name: "Save settings" }).click();
      // Saved: the typed secret is cleared from the field and only its mask is shown.
      await until(async () => (await details.getByLabel("WEATHER_API_KEY *").inputValue()) === "", 10_000, "the save");
      await details.getByText("Current: wk_…cdef. Leave empty to keep it.").waitFor();
      expect(await page.content()).not.toContain(SECRET);
      await page.getByRole("button", { name: "Restart now" }).waitFor();
      await screenshot(page, `plugins-configure-${name}`);
      expect(errors).toEqual([]);
      await close();
    }
  }, 120_000);

  test("search the real npm registry", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openTab(page, "Plugins");
    await page.getByLabel("Search npm for elizaOS plugins").fill("mcp");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByTestId("hit-@elizaos/plugin-mcp").waitFor({ timeout: 30_000 });
    await screenshot(page, "plugins-search");
    expect(errors).toEqual([]);
    await close();
  }, 60_000);
});
