/**
 * Issue 8, item 3: the notice of a repaired database in real Chromium against the real server
 * (scripted model test double). The database is damaged while Milady is stopped; the next start
 * repairs it, and the dashboard shows what happened, where the backup is and what to do, at
 * desktop and phone size, until "OK, got it".
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser } from "playwright-core";
import {
  DESKTOP,
  gotoChat,
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  sendChat,
  startOnboardedMilady,
} from "../support/browser";
import { dataDirOf, garbagePage, relationFiles } from "../support/db-damage";
import { type MiladyProcess, postJson, removeDir, startMilady } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  browser = await launchBrowser();
  const first = await startOnboardedMilady();
  const { conversation } = await first.json("/api/conversations", postJson({ title: "before the damage" }));
  // Enough turns for a second page of messages: the damage then takes the older ones only.
  for (let i = 0; i < 30; i++) {
    await first.json(`/api/conversations/${conversation.id}/messages`, postJson({ text: `message number ${i}` }));
  }
  await first.stop();
  const { memories } = await relationFiles(dataDirOf(first.stateDir), ["memories"]);
  garbagePage(memories!, 0);
  milady = await startMilady({ stateDir: first.stateDir });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (milady) {
    await milady.stop();
    removeDir(milady.stateDir);
  }
});

const NOTICE = '[data-testid="notice"]';

describe("recovery notice", () => {
  test("desktop: the banner says the database was repaired, with the backup and the fix; chat still works", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: DESKTOP });
    try {
      await gotoChat(page, milady.url);
      const notice = page.locator(NOTICE);
      await notice.waitFor();
      const text = (await notice.textContent()) ?? "";
      expect(text).toContain("The database was damaged and has been repaired");
      expect(text).toMatch(/memories \(unreadable pages; \d+ rows kept\)/);
      expect(text).toMatch(/Backup: .*\.elizadb\.corrupt-/);
      expect(text).toContain("Check your recent conversations");
      // The newer messages were on a page the damage missed.
      await page.locator('[data-testid="msg-agent"]').filter({ hasText: "Echo: message number 29" }).waitFor();
      await sendChat(page, "are you all right?");
      await page.locator('[data-testid="msg-agent"]').filter({ hasText: "Echo: are you all right?" }).waitFor();
      await screenshot(page, "notice-desktop");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  test("phone: the banner fits the width; 'OK, got it' removes it, and it stays gone after a reload", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    try {
      await gotoChat(page, milady.url);
      const notice = page.locator(NOTICE);
      await notice.waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      const button = notice.getByRole("button", { name: "OK, got it" });
      const box = await button.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      // Compact on a phone: what happened and the button; the backup and the fix on a tap.
      expect((await notice.textContent()) ?? "").not.toContain("Backup:");
      expect((await notice.boundingBox())!.height).toBeLessThan(PHONE.height * 0.3);
      await screenshot(page, "notice-phone");
      await notice.getByRole("button", { name: "Details" }).click();
      expect((await notice.textContent()) ?? "").toMatch(/Backup: .*\.elizadb\.corrupt-/);
      await screenshot(page, "notice-phone-details");

      await button.click();
      await notice.waitFor({ state: "detached" });
      await screenshot(page, "notice-phone-acknowledged");
      await page.reload();
      await gotoChat(page, milady.url);
      expect(await page.locator(NOTICE).count()).toBe(0);
      expect((await milady.json("/api/status")).notices).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
