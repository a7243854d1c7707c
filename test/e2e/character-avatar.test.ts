/**
 * Character and avatar in real Chromium against the real server (scripted model
 * test double): character edits survive a server restart on the same state dir;
 * a valid .vrm upload replaces the avatar and stays after a reload; a corrupt
 * one is refused with a clear message and the previous avatar stays.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { makeDefaultVrm } from "../../build/make-default-vrm";
import {
  closeSuite,
  colourCount,
  gotoChat,
  openPage,
  openSuite,
  openTab,
  PHONE,
  screenshot,
  startOnboardedMilady,
} from "../support/browser";
import type { MiladyProcess } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;
let files = "";

beforeAll(async () => {
  ({ browser, milady, files } = await openSuite({ files: true }));
}, 60_000);

afterAll(() => closeSuite({ browser, milady, files }));

async function openCharacter(page: Page): Promise<void> {
  await openTab(page, "Character");
  await page.getByLabel("Name", { exact: true }).waitFor({ timeout: 10_000 });
}

describe("character", () => {
  test("edits are validated, saved, and still there after a server restart", async () => {
    let { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openCharacter(page);

    // An empty name is refused in the form, next to the field.
    await page.getByLabel("Name", { exact: true }).fill("");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Give the character a name (up to 64 characters).").waitFor({ timeout: 3_000 });
    expect(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "character-invalid");

    await page.getByLabel("Name", { exact: true }).fill("Mira");
    await page.getByLabel("Bio").fill("Lives on a boat.\nCollects maps.");
    await page.getByLabel("System prompt").fill("You are Mira, a cartographer. Answer in short sentences.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Character saved. New messages use it.").waitFor({ timeout: 5_000 });
    const saved = (await milady.json("/api/character")).character;
    expect(saved.name).toBe("Mira");
    expect(errors).toEqual([]);
    await close();

    // Same state dir, new process.
    expect(await milady.stop()).toBe(0);
    milady = await startOnboardedMilady({ stateDir: milady.stateDir });

    ({ page, errors, close } = await openPage(browser));
    await gotoChat(page, milady.url);
    await openCharacter(page);
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Mira");
    expect(await page.getByLabel("Bio").inputValue()).toBe("Lives on a boat.\nCollects maps.");
    expect(await page.getByLabel("System prompt").inputValue()).toBe(
      "You are Mira, a cartographer. Answer in short sentences.",
    );
    const header = (await page.locator("header").first().textContent()) ?? "";
    expect(header).toContain("Mira");
    await screenshot(page, "character-after-restart");
    expect(errors).toEqual([]);
    await close();
  }, 45_000);
});

describe("message examples", () => {
  test("are multi-line fields that grow to show long text whole (desktop and phone)", async () => {
    const long =
      "Of course. Here is the plan: we pack the night before, leave at seven, stop for coffee in the old town, " +
      "and still reach the harbour before the first ferry.\nThen we walk the cliff path back.";
    for (const [viewport, name] of [
      [undefined, "character-examples"],
      [PHONE, "phone-character-examples"],
    ] as const) {
      const { page, errors, close } = await openPage(browser, viewport ? { viewport, mobile: true } : {});
      await gotoChat(page, milady.url);
      await openCharacter(page);
      const field = page.getByLabel("Example 1 line 2 text");
      expect(await field.evaluate((el) => el.tagName)).toBe("TEXTAREA");
      await field.fill("Hi.");
      await page.waitForTimeout(100);
      const oneLine = (await field.boundingBox())!.height;
      await field.fill(long);
      await page.waitForTimeout(100);
      const grown = (await field.boundingBox())!.height;
      console.log(
        `${name}: example field ${Math.round(oneLine)} px -> ${Math.round(grown)} px with ${long.length} chars`,
      );
      expect(grown).toBeGreaterThan(oneLine * 2);
      // Whole: nothing hidden behind a scrollbar.
      expect(await field.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
      expect(await field.inputValue()).toBe(long);
      await field.evaluate((el) => el.scrollIntoView({ block: "center" })); // clear of the sticky Save bar
      await screenshot(page, name);
      await field.fill("short again");
      await page.waitForTimeout(100);
      expect((await field.boundingBox())!.height).toBeLessThan(grown); // and shrinks back
      expect(errors).toEqual([]);
      await close();
    }
  }, 40_000);
});

describe("custom VRM avatar", () => {
  test("a valid .vrm replaces the avatar and stays after a reload; a corrupt one is refused", async () => {
    const good = join(files, "My Custom Avatar.vrm");
    writeFileSync(good, makeDefaultVrm());
    const bad = join(files, "x.vrm");
    writeFileSync(bad, crypto.getRandomValues(new Uint8Array(4096)));

    // The refused upload is a 400 answer, which Chromium also logs to the console.
    const { page, errors, close } = await openPage(browser, { allowErrors: [/status of 400 \(Bad Request\)/] });
    await gotoChat(page, milady.url);
    await page.locator('canvas[data-avatar-state="ready"]').waitFor({ timeout: 15_000 });
    await openCharacter(page);
    const current = page.getByTestId("avatar-current");
    await current.filter({ hasText: "default" }).waitFor();

    await page.getByTestId("avatar-file").setInputFiles(good);
    await page.getByText("Avatar changed to My Custom Avatar.vrm.").waitFor({ timeout: 10_000 });
    await current.filter({ hasText: "custom" }).waitFor();
    const info = await milady.json("/api/avatar");
    expect(info.custom).toBe(true);
    expect(info.name).toMatch(/^my-custom-avatar-[0-9a-f]{8}\.vrm$/);
    await screenshot(page, "character-avatar-custom");

    // Back in Chat the panel loads the new file (its URL names it) and renders it.
    const loaded = page.waitForResponse((r) => r.url().includes(encodeURIComponent(info.name)) && r.ok());
    await openTab(page, "Chat");
    await loaded;
    const canvas = page.locator('canvas[data-avatar-state="ready"]');
    await canvas.waitFor({ timeout: 15_000 });
    expect(colourCount(await screenshot(canvas, "avatar-custom"))).toBeGreaterThan(50);

    // A reload keeps it.
    const reloaded = page.waitForResponse((r) => r.url().includes(encodeURIComponent(info.name)) && r.ok());
    await page.reload();
    await reloaded;
    await canvas.waitFor({ timeout: 15_000 });

    // A corrupt file: a clear message, and the custom avatar stays.
    await openCharacter(page);
    await page.getByTestId("avatar-file").setInputFiles(bad);
    const alert = page.getByRole("alert").filter({ hasText: "Your current avatar was kept" });
    await alert.waitFor({ timeout: 10_000 });
    console.log(`corrupt VRM message: ${((await alert.textContent()) ?? "").replace(/\s+/g, " ")}`);
    await screenshot(page, "character-avatar-corrupt");
    expect((await milady.json("/api/avatar")).name).toBe(info.name);
    await current.filter({ hasText: "custom" }).waitFor();
    await openTab(page, "Chat");
    await canvas.waitFor({ timeout: 15_000 });
    expect(colourCount(await screenshot(canvas, "avatar-after-corrupt"))).toBeGreaterThan(50);
    expect(errors).toEqual([]);
    await close();
  }, 45_000);
});
