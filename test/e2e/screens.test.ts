/**
 * Every main tab on desktop (1280x800, dark and light) and the phone viewport
 * (390x844) in real Chromium against the real server (scripted model test double).
 * The screenshots in test-results/e2e/ are for a human look; the assertions
 * check that each tab renders its heading and the phone layout stays usable.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import {
  COMPOSER,
  closeSuite,
  gotoChat,
  openPage,
  openSuite,
  openTab,
  PHONE,
  screenshot,
  sendChat,
} from "../support/browser";
import { type MiladyProcess, postJson } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  ({ browser, milady } = await openSuite());
  // Some history so Chat is not empty in the screenshots.
  const { conversation } = await milady.json("/api/conversations", postJson({ title: "Trip plans" }));
  await milady.json(
    `/api/conversations/${conversation.id}/messages`,
    postJson({ text: "Where should we go this weekend?", clientMessageId: crypto.randomUUID() }),
  );
}, 60_000);

afterAll(() => closeSuite({ browser, milady }));

const TABS: Array<[tab: string, heading: RegExp]> = [
  ["Character", /^Character$/],
  ["Knowledge", /^Knowledge$/],
  ["Models", /Models?/],
  ["Plugins", /Plugins/],
  ["Triggers", /^Triggers$/],
  ["Logs", /^Logs$/],
  ["Settings", /^Settings$/],
];

describe("screens", () => {
  for (const theme of ["dark", "light"] as const) {
    test(`every tab renders on desktop (${theme})`, async () => {
      const { page, errors, close } = await openPage(browser, { theme });
      await gotoChat(page, milady.url);
      await page.locator('[data-testid="msg-agent"]').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.className)).toContain(theme);
      await page.locator('canvas[data-avatar-state="ready"]').waitFor({ timeout: 15_000 });
      await screenshot(page, `tab-chat-${theme}`);
      for (const [tab, heading] of TABS) {
        await openTab(page, tab);
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        await page.waitForTimeout(150); // lists load over HTTP
        await screenshot(page, `tab-${tab.toLowerCase()}-${theme}`);
      }
      expect(errors).toEqual([]);
      await close();
    }, 40_000);
  }

  test("phone 390x844: navigation reachable, composer visible, sending works", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    await gotoChat(page, milady.url);
    // Bottom bar: every tab on screen and at least 44 px tall (touch target); the rest are behind More.
    for (const name of ["Chat", "Character", "Knowledge", "Settings", "More"]) {
      const box = await page.getByRole("tab", { name, exact: true }).locator("visible=true").boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height + 1);
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    const composer = page.locator(COMPOSER);
    const cbox = await composer.boundingBox();
    expect(cbox).not.toBeNull();
    expect(cbox!.y + cbox!.height).toBeLessThanOrEqual(PHONE.height - 48); // above the bottom bar
    expect(cbox!.x).toBeGreaterThanOrEqual(0);
    expect(cbox!.x + cbox!.width).toBeLessThanOrEqual(PHONE.width);
    // Nothing wider than the screen (no sideways scrolling).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await sendChat(page, "hi from my phone");
    await page.locator('[data-testid="msg-agent"]').filter({ hasText: "Echo: hi from my phone" }).waitFor();
    await screenshot(page, "phone-chat");

    await page.getByRole("button", { name: "Conversations" }).click();
    await page.getByRole("dialog").waitFor();
    await screenshot(page, "phone-conversations");
    await page.keyboard.press("Escape");

    for (const tab of ["Character", "Logs", "Triggers"]) {
      await openTab(page, tab);
      await page.getByRole("heading", { level: 1, name: tab }).waitFor();
      await screenshot(page, `phone-${tab.toLowerCase()}`);
    }
    expect(errors).toEqual([]);
    await close();
  }, 40_000);
});
