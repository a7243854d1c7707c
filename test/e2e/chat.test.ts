/**
 * Chat in real Chromium against the real server (scripted model test double:
 * replies "Echo: <text>", `[slow MS]` streams word by word, `[emote NAME]` plays an emote).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import {
  COMPOSER,
  changedPixels,
  closeSuite,
  colourCount,
  gotoChat,
  openPage,
  openSuite,
  SHOTS_DIR,
  screenshot,
  sendChat,
  until,
} from "../support/browser";
import { type MiladyProcess, waitForState } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  ({ browser, milady } = await openSuite());
}, 60_000);

afterAll(() => closeSuite({ browser, milady }));

const agentBubbles = (page: Page) => page.locator('[data-testid="msg-agent"]');
const userBubbles = (page: Page) => page.locator('[data-testid="msg-user"]');

describe("chat", () => {
  test("round trip with streaming: user bubble at once, reply grows, history after reload", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await page.getByRole("button", { name: "+ New conversation" }).click();
    await until(
      async () => (await milady.json("/api/conversations")).conversations?.length === 1,
      5_000,
      "conversation",
    );

    // Record every text the agent bubble shows while it streams.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __seen: string[] }).__seen = seen;
      new MutationObserver(() => {
        const last = document.querySelectorAll('[data-testid="msg-agent"]');
        const t = last[last.length - 1]?.textContent ?? "";
        if (t && seen[seen.length - 1] !== t) seen.push(t);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    const sentAt = Date.now();
    await sendChat(page, `[slow 300] ${words}`);
    await userBubbles(page).filter({ hasText: "word29" }).waitFor({ timeout: 2_000 });
    const userVisibleMs = Date.now() - sentAt;
    await agentBubbles(page).filter({ hasText: "word29" }).waitFor({ timeout: 10_000 });
    await until(async () => (await page.locator(".streaming-caret").count()) === 0, 5_000, "stream end");
    const finalText = ((await agentBubbles(page).last().textContent()) ?? "").trim();
    expect(finalText).toBe(`Echo: ${words}`);
    const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    const partial = seen.filter((t) => t.startsWith("Echo:") && t.length < finalText.length);
    console.log(`user bubble after ${userVisibleMs} ms; agent bubble showed ${seen.length} states while streaming`);
    expect(partial.length).toBeGreaterThanOrEqual(2); // it grew, not appeared at once
    await screenshot(page, "chat-reply");

    await page.reload();
    await page.locator(COMPOSER).waitFor();
    await agentBubbles(page)
      .filter({ hasText: `Echo: ${words}` })
      .waitFor({ timeout: 10_000 });
    expect(await userBubbles(page).count()).toBe(1);
    expect(errors).toEqual([]);
    await close();
  }, 45_000);

  test("a message sent while the agent is stopped is queued, then answered after Start", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    const t0 = Date.now();
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Stopped" }).waitFor({ timeout: 10_000 });
    const stoppedMs = Date.now() - t0;
    await sendChat(page, "are you there?");
    await page.getByText("queued — sends when the agent is ready").waitFor({ timeout: 3_000 });
    await screenshot(page, "chat-queued");
    const t1 = Date.now();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    // A start from stopped: seconds on an idle machine, much more when other work loads it.
    await agentBubbles(page).filter({ hasText: "Echo: are you there?" }).waitFor({ timeout: 60_000 });
    console.log(`stop took ${stoppedMs} ms in the UI; start -> queued message answered in ${Date.now() - t1} ms`);
    await until(async () => (await page.getByText("queued — sends when the agent is ready").count()) === 0, 5_000);
    expect(errors).toEqual([]);
    await close();
  }, 90_000);

  test("the avatar canvas is not blank and an emote changes its pixels", async () => {
    await waitForState(milady, ["running"]);
    // Reduced motion stills breathing, sway and blinks (idle frames otherwise differ by up to
    // ~7,000 px here, a blink), so the emote's change stands out; emotes still play.
    const { page, errors, close } = await openPage(browser, { reducedMotion: true });
    await gotoChat(page, milady.url);
    const canvas = page.locator('canvas[data-avatar-state="ready"]');
    await canvas.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);

    // Freeze the render loop around each screenshot (1-4 s under SwiftShader on 2 cores,
    // longer than the 1.5 s emote), as avatar-pixels.test.ts does; the frame is the live one.
    const grab = async (name: string): Promise<PNG> => {
      await page.evaluate(() => window.__miladyAvatar?.setPaused(true));
      const png = await screenshot(canvas, name);
      await page.evaluate(() => window.__miladyAvatar?.setPaused(false));
      return png;
    };
    const idle1 = await grab("avatar-idle-1");
    await page.waitForTimeout(300);
    const idle2 = await grab("avatar-idle-2");
    await page.waitForTimeout(600);
    const idle3 = await grab("avatar-idle-3");
    // Not blank: a rendered VRM has hundreds of colours; an empty canvas has a handful.
    expect(colourCount(idle1)).toBeGreaterThan(50);
    // Whatever still moves between idle frames, the emote must beat it clearly.
    const idleNoise = Math.max(changedPixels(idle1, idle2), changedPixels(idle1, idle3));
    expect(idleNoise).toBeLessThan(1000);
    const needed = Math.max(1000, idleNoise * 3);

    await sendChat(page, "hello [emote surprised]");
    // The emote event arrives with the reply; sample until the canvas differs clearly from idle.
    let best = 0;
    await until(
      async () => {
        const frame = await grab("avatar-emote-sample");
        const changed = changedPixels(idle1, frame);
        if (changed > best) writeFileSync(join(SHOTS_DIR, "avatar-emote.png"), PNG.sync.write(frame));
        best = Math.max(best, changed);
        return best > needed;
      },
      8_000,
      "emote pixels",
    ).catch(() => {});
    console.log(`avatar: idle-to-idle changed up to ${idleNoise} px; idle-to-emote changed ${best} px`);
    expect(best).toBeGreaterThan(needed);
    await agentBubbles(page).filter({ hasText: "Echo: hello" }).waitFor({ timeout: 5_000 });
    expect(errors).toEqual([]);
    await close();
  }, 45_000);
});
