/**
 * The phone layout (390x844) in real Chromium against the real server (scripted model
 * test double), issue 7 item 10: a usefully sized avatar in Chat with the composer and
 * messages still in view; a one-line cannot-reply notice (a second server without a
 * model); bottom-bar labels with clear gaps; dictation errors as text, not a tooltip.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import {
  COMPOSER,
  closeSuite,
  DESKTOP,
  figureExtent,
  gotoChat,
  openPage,
  openSuite,
  openTab,
  PHONE,
  screenshot,
  sendChat,
  startOnboardedMilady,
} from "../support/browser";
import type { MiladyProcess } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;
let noModel: MiladyProcess | undefined;

beforeAll(async () => {
  ({ browser, milady } = await openSuite());
}, 60_000);

afterAll(async () => {
  await closeSuite({ browser, milady });
  if (noModel) await closeSuite({ milady: noModel });
});

/** The on-screen box of a locator, failing the test when it is not rendered. */
async function box(page: Page, selector: string) {
  const b = await page.locator(selector).locator("visible=true").first().boundingBox();
  if (!b) throw new Error(`${selector} is not on screen`);
  return b;
}

describe("phone layout", () => {
  test("Chat shows the avatar in a strip (head to hips) above readable messages, with the composer in view; it folds away", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: PHONE, mobile: true, reducedMotion: true });
    await gotoChat(page, milady.url);
    await sendChat(page, "hello from the phone");
    await page.locator('[data-testid="msg-agent"]').filter({ hasText: "Echo: hello from the phone" }).waitFor();
    const canvas = page.locator('[data-testid="avatar-strip"] canvas[data-avatar-state="ready"]');
    await canvas.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(400);

    const strip = await box(page, '[data-testid="avatar-strip"] canvas');
    console.log(`phone avatar strip: ${Math.round(strip.width)}x${Math.round(strip.height)} px`);
    // It was a 48 px circle: now the full width and about a third of the screen.
    expect(strip.width).toBeGreaterThanOrEqual(PHONE.width - 2);
    expect(strip.height).toBeGreaterThanOrEqual(180);
    expect(strip.height).toBeLessThanOrEqual(PHONE.height * 0.4);
    expect(await canvas.getAttribute("data-avatar-framing")).toBe("portrait");

    // The figure's head is just under the strip's top edge (the canvas is transparent over the page).
    await page.evaluate(() => window.__miladyAvatar?.setPaused(true));
    const png = await screenshot(canvas, "phone-avatar-strip");
    await page.evaluate(() => window.__miladyAvatar?.setPaused(false));
    const corner = [png.data[0], png.data[1], png.data[2]] as const;
    const figure = figureExtent(png, corner);
    expect(figure).not.toBeNull();
    expect(figure!.y0).toBeLessThan(0.08);

    // Messages keep a readable area and the composer stays above the bottom bar.
    const messages = await box(page, 'ol[aria-label="Messages"] >> xpath=..');
    expect(messages.height).toBeGreaterThanOrEqual(220);
    const composer = await box(page, COMPOSER);
    const nav = await box(page, 'nav[aria-label="Sections"]');
    expect(composer.y + composer.height).toBeLessThanOrEqual(nav.y);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "phone-chat-avatar");

    await page.getByRole("button", { name: "Hide avatar" }).click();
    await page.locator('[data-testid="avatar-strip"]').waitFor({ state: "detached" });
    await screenshot(page, "phone-chat-avatar-hidden");
    await page.reload();
    await page.locator(COMPOSER).waitFor();
    expect(await page.locator('[data-testid="avatar-strip"]').count()).toBe(0); // the choice is remembered
    await page.getByRole("button", { name: "Show avatar" }).click();
    await page.locator('[data-testid="avatar-strip"] canvas').waitFor();
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  test("bottom-bar labels never touch: clear gaps at 390 and 360 px, none cut short", async () => {
    for (const viewport of [PHONE, { width: 360, height: 780 }]) {
      const { page, close } = await openPage(browser, { viewport, mobile: true });
      await gotoChat(page, milady.url);
      const labels = await page.locator('nav[aria-label="Sections"] [data-nav-label]').evaluateAll((spans) =>
        spans
          .filter((s) => (s as HTMLElement).offsetParent !== null)
          .map((s) => {
            const r = s.getBoundingClientRect();
            return { text: s.textContent, left: r.left, right: r.right, cut: s.scrollWidth > s.clientWidth + 0.5 };
          }),
      );
      expect(labels.map((l) => l.text)).toEqual(["Chat", "Character", "Knowledge", "Settings", "More"]);
      const gaps = labels.slice(1).map((l, i) => Math.round((l.left - labels[i].right) * 10) / 10);
      console.log(`bottom bar at ${viewport.width} px: gaps between labels ${gaps.join(", ")} px`);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(6);
      expect(labels.filter((l) => l.cut)).toEqual([]);
      expect(labels[labels.length - 1].right).toBeLessThanOrEqual(viewport.width);
      if (viewport.width === PHONE.width) await screenshot(page, "phone-bottom-bar");
      await close();
    }
  }, 40_000);

  test("More opens the other sections; the open one marks More as selected; Escape closes the sheet", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    await gotoChat(page, milady.url);
    const more = page.getByRole("tab", { name: "More", exact: true }).locator("visible=true");
    await more.click();
    const sheet = page.getByRole("tablist", { name: "More sections" });
    await sheet.waitFor();
    expect(await sheet.getByRole("tab").allTextContents()).toEqual(["Models", "Plugins", "Triggers", "Logs"]);
    for (const box of await sheet
      .getByRole("tab")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))
      expect(box).toBeGreaterThanOrEqual(44);
    await screenshot(page, "phone-more-sheet");
    await sheet.getByRole("tab", { name: "Triggers" }).click();
    await page.getByRole("heading", { level: 1, name: "Triggers" }).waitFor();
    await sheet.waitFor({ state: "detached" });
    expect(await more.getAttribute("aria-selected")).toBe("true");
    await more.click();
    await sheet.waitFor();
    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "detached" });
    await page.getByRole("tab", { name: "Chat", exact: true }).locator("visible=true").click();
    expect(await more.getAttribute("aria-selected")).toBe("false");
    expect(errors).toEqual([]);
    await close();
  }, 40_000);

  test("a dictation error is shown as text above the composer, not only as a tooltip", async () => {
    const { page, errors, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    // A scripted SpeechRecognition (test double): the browser refuses the microphone, as it does on plain-HTTP LAN pages.
    await page.addInitScript(() => {
      class RefusedRecognition {
        lang = "";
        interimResults = false;
        continuous = false;
        onresult: unknown = null;
        onerror: ((e: { error: string }) => void) | null = null;
        onend: (() => void) | null = null;
        start() {
          setTimeout(() => {
            this.onerror?.({ error: "not-allowed" });
            this.onend?.();
          }, 30);
        }
        stop() {
          this.onend?.();
        }
      }
      Object.assign(window, { SpeechRecognition: RefusedRecognition, webkitSpeechRecognition: RefusedRecognition });
    });
    await gotoChat(page, milady.url);
    await page.getByRole("button", { name: "Dictate" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Microphone blocked" });
    await alert.waitFor({ timeout: 5_000 });
    expect((await alert.textContent()) ?? "").toContain("use localhost or HTTPS");
    const note = (await alert.boundingBox())!;
    const composer = await box(page, COMPOSER);
    expect(note.y).toBeGreaterThanOrEqual(0);
    expect(note.y + note.height).toBeLessThanOrEqual(composer.y); // above the field, on screen
    expect(note.x + note.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "phone-dictation-error");
    await page.getByRole("button", { name: "Dismiss dictation error" }).click();
    await alert.waitFor({ state: "detached" });
    expect(errors).toEqual([]);
    await close();
  }, 30_000);

  test("without a model the cannot-reply notice is one line on every phone tab, tap shows the fix; desktop shows it whole", async () => {
    noModel = await startOnboardedMilady({ scripted: false });
    const { page, errors, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    await page.goto(noModel.url);
    await page.locator(COMPOSER).waitFor({ timeout: 15_000 });
    const notice = page.getByTestId("cannot-reply");
    await notice.waitFor({ timeout: 15_000 });
    const header = page.locator("header").first();
    for (const tab of ["Chat", "Character", "Knowledge"]) {
      if (tab !== "Chat") await openTab(page, tab);
      const n = (await notice.boundingBox())!;
      const h = (await header.boundingBox())!;
      console.log(
        `${tab}: cannot-reply notice ${Math.round(n.height)} px, whole status bar ${Math.round(h.height)} px`,
      );
      expect(n.height).toBeLessThanOrEqual(36); // one line (it was ~90 px)
      expect(h.height).toBeLessThanOrEqual(90);
      if (tab === "Chat") await screenshot(page, "phone-no-model");
    }
    expect((await notice.textContent()) ?? "").toContain("No model is configured");
    expect(await page.getByText("Run `milady setup`").count()).toBe(0); // the fix waits for a tap

    await notice.getByRole("button").click();
    await page.getByText(/Models tab/).waitFor();
    expect(await notice.getByRole("button").getAttribute("aria-expanded")).toBe("true");
    await screenshot(page, "phone-no-model-expanded");
    await notice.getByRole("button").click();
    await page.getByText(/Models tab/).waitFor({ state: "detached" });
    expect(errors).toEqual([]);
    await close();

    const desktop = await openPage(browser, { viewport: DESKTOP });
    await desktop.page.goto(noModel.url);
    await desktop.page.getByRole("alert").filter({ hasText: "No model is configured" }).waitFor({ timeout: 15_000 });
    await desktop.page.getByText(/Models tab/).waitFor(); // the fix in full, no tap needed
    await screenshot(desktop.page, "desktop-no-model");
    expect(desktop.errors).toEqual([]);
    await desktop.close();
  }, 90_000);
});
