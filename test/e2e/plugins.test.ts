/**
 * Plugins tab in real Chromium against the real server (scripted model test double):
 * a plugin switched off while loaded says so until the agent restarts; after the restart
 * it is off; switched on again it says it loads at the next restart.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import { closeSuite, gotoChat, openPage, openSuite, openTab, PHONE, screenshot } from "../support/browser";
import type { MiladyProcess } from "../support/milady-process";

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
    // A core plugin has no switch.
    expect(await page.getByTestId("plugin-@elizaos/plugin-sql").getByRole("button").count()).toBe(0);

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
    await page.getByRole("status").filter({ hasText: "Running" }).waitFor({ timeout: 30_000 });
    await openTab(page, "Chat");
    await openTab(page, "Plugins");
    await page.getByTestId("plugin-milady").getByRole("button", { name: "Enable" }).waitFor({ timeout: 15_000 });
    expect(
      await page
        .getByTestId("plugin-milady")
        .getByText(/Restart pending/)
        .count(),
    ).toBe(0);
    const status = (await milady.json("/api/plugins")).plugins.find((p: { name: string }) => p.name === "milady");
    expect(status).toMatchObject({ status: "disabled", enabled: false });

    await page.getByTestId("plugin-milady").getByRole("button", { name: "Enable" }).click();
    await page.getByTestId("plugin-milady").getByText("Restart pending: loads when the agent restarts.").waitFor();
    await screenshot(page, "plugins-enable-pending");
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  test("phone size: rows and buttons fit the screen", async () => {
    const { page, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    await gotoChat(page, milady.url);
    await openTab(page, "Plugins");
    const button = page.getByTestId("plugin-milady").getByRole("button");
    await button.waitFor();
    const box = await button.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "plugins-phone");
    await close();
  }, 60_000);
});
