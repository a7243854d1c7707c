/**
 * Settings > Connectors in real Chromium against the real server (scripted model test double):
 * a Telegram token pasted in the dashboard installs the real @elizaos/plugin-telegram from npm,
 * the restart it offers starts the agent with it, the connector fails with the reason (the bad
 * token is refused by a NAMED TEST DOUBLE of the Telegram Bot API: Telegram itself is
 * unreachable here), and the dashboard chat still gets replies.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import {
  DESKTOP,
  gotoChat,
  launchBrowser,
  openPage,
  openTab,
  PHONE,
  screenshot,
  sendChat,
  startOnboardedMilady,
} from "../support/browser";
import {
  type ConnectorApiDouble,
  DOUBLE_BOT_USERNAME,
  GOOD_TELEGRAM_TOKEN,
  startConnectorApiDouble,
} from "../support/connector-api-double";
import { type MiladyProcess, removeDir } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;
let double: ConnectorApiDouble;

beforeAll(async () => {
  double = startConnectorApiDouble();
  browser = await launchBrowser();
  milady = await startOnboardedMilady({ env: { MILADY_TELEGRAM_API_BASE: double.url } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await milady?.stop();
  if (milady) removeDir(milady.stateDir);
  double?.stop();
});

describe("Settings > Connectors", () => {
  test("bad Telegram token: install, restart, failed with the reason; chat still answers; Test Connection", async () => {
    const { page, errors, close } = await openPage(browser, {
      viewport: DESKTOP,
      // A refused Save or test is answered 4xx on purpose further down.
      allowErrors: [/Failed to load resource/],
    });
    await gotoChat(page, milady.url);
    await openTab(page, "Settings");
    const row = page.getByTestId("connector-telegram");
    await row.getByText("Not configured").waitFor();
    await screenshot(page.getByTestId("connector-telegram").locator("xpath=ancestor::section"), "connectors-empty");

    await row.getByLabel("TELEGRAM_BOT_TOKEN").fill("777000:not-a-real-token");
    expect(await row.getByLabel("TELEGRAM_BOT_TOKEN").getAttribute("type")).toBe("password");
    await row.getByRole("button", { name: "Save" }).click();
    // The real npm install: its progress shows, then a restart is offered.
    await row.getByRole("button", { name: "Restart agent" }).waitFor({ timeout: 240_000 });
    await row.getByText("Restart needed").waitFor();
    await row.getByRole("button", { name: "Restart agent" }).click();
    await row.getByText("Failed").waitFor({ timeout: 60_000 });
    await row.getByText(/Telegram rejected the token \(401/).waitFor();
    await screenshot(
      page.getByTestId("connector-telegram").locator("xpath=ancestor::section"),
      "connectors-failed-desktop",
    );

    await row.getByLabel("TELEGRAM_BOT_TOKEN").fill(GOOD_TELEGRAM_TOKEN);
    await row.getByRole("button", { name: "Test Connection" }).click();
    await row.getByText(`Connected as @${DOUBLE_BOT_USERNAME}`).waitFor();
    await row.getByLabel("TELEGRAM_BOT_TOKEN").fill("");
    await row.getByRole("button", { name: "Test Connection" }).click();
    await row.getByText(/Token rejected/).waitFor();

    await openTab(page, "Chat");
    await sendChat(page, "do you still answer");
    await page.getByTestId("msg-agent").getByText("Echo: do you still answer").waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
    await close();
  }, 400_000);

  test("phone size: the card fits and keeps its buttons reachable", async () => {
    const { page, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    await gotoChat(page, milady.url);
    await openTab(page, "Settings");
    const row = page.getByTestId("connector-telegram");
    await row.getByText("Failed").waitFor({ timeout: 20_000 });
    await row.scrollIntoViewIfNeeded();
    const box = await row.getByRole("button", { name: "Test Connection" }).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    await screenshot(row, "connectors-failed-phone");
    const mcp = page.locator("#settings-mcp");
    await mcp.getByText("No MCP servers yet.").waitFor();
    await screenshot(mcp, "mcp-empty-phone");
    await close();
  }, 60_000);

  test("MCP servers: added in the form, plugin-mcp installs, a bad command shows failed with the reason", async () => {
    const { page, close } = await openPage(browser, { viewport: DESKTOP });
    await gotoChat(page, milady.url);
    await openTab(page, "Settings");
    const card = page.locator("#settings-mcp");
    await card.getByLabel("Name").fill("broken");
    await card.getByLabel("Command").fill("milady-no-such-mcp-server");
    await card.getByRole("button", { name: "Add server" }).click();
    const row = card.getByTestId("mcp-broken");
    await row.waitFor();
    // The real npm install of plugin-mcp, then the restart the card offers.
    await card.getByRole("button", { name: "Restart agent" }).waitFor({ timeout: 240_000 });
    await card.getByRole("button", { name: "Restart agent" }).click();
    await row.getByText("Failed").waitFor({ timeout: 60_000 });
    await row.getByText(/Executable not found/).waitFor();
    await screenshot(card, "mcp-failed-desktop");
    await openTab(page, "Chat");
    await sendChat(page, "and now");
    await page.getByTestId("msg-agent").getByText("Echo: and now").waitFor({ timeout: 20_000 });
    await close();
  }, 400_000);
});
