/**
 * The first hour's dead ends, in real Chromium against the real server (the scripted model
 * test double unless said): a hurried onboarding, a model file that is not a model, a rename,
 * pause and resume, the restart prompt after a reload, the token dialog.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import {
  COMPOSER,
  gotoChat,
  launchBrowser,
  openPage,
  openTab,
  PHONE,
  screenshot,
  startOnboardedMilady,
  until,
} from "../support/browser";
import { type MiladyProcess, removeDir, startMilady, waitForState } from "../support/milady-process";

let browser: Browser;
const servers: MiladyProcess[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
}, 30_000);
afterAll(async () => {
  await browser?.close();
  for (const m of servers) {
    await m.stop();
    removeDir(m.stateDir);
  }
});

async function server(start: () => Promise<MiladyProcess>): Promise<MiladyProcess> {
  const m = await start();
  servers.push(m);
  return m;
}

const header = "header";

describe("first hour", () => {
  test("hurried onboarding, then Enter at once: the message is answered, never left queued", async () => {
    const milady = await server(() => startMilady({ waitForAgent: false }));
    const { page, errors, close } = await openPage(browser);
    await page.goto(milady.url);
    await page.getByRole("heading", { name: "Set up your agent" }).waitFor({ timeout: 15_000 });
    const name = page.getByLabel("What should your agent be called?");
    await until(async () => (await name.inputValue()) === "Milady", 10_000, "the current name in the field");
    await name.fill("Ada");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Start chatting" }).click();
    // Straight away: the agent restarts to apply the model, the conversation does not exist yet.
    const composer = page.locator(COMPOSER);
    await composer.waitFor();
    await composer.fill("hello after a hurry");
    await composer.press("Enter");
    // The restart plus the reply: seconds when idle, far more on a loaded machine.
    await page
      .locator('[data-testid="msg-agent"]')
      .filter({ hasText: "Echo: hello after a hurry" })
      .waitFor({ timeout: 75_000 });
    expect(await page.getByText(/queued/).count()).toBe(0);
    await screenshot(page, "first-hour-hurried");

    // The rename reached the persona, not only the name field.
    const { character } = await milady.json("/api/character");
    expect(character.name).toBe("Ada");
    expect(JSON.stringify(character)).not.toContain("Milady");
    expect(errors).toEqual([]);
    await close();
  }, 120_000);

  test("a model path that is not a GGUF is refused on the model step, with a fix that points to the Models tab", async () => {
    const milady = await server(() => startMilady());
    const notes = join(milady.stateDir, "notes.txt");
    writeFileSync(notes, "just text");
    const { page, close } = await openPage(browser, { allowErrors: [/status of 400/] });
    await page.goto(milady.url);
    await page.getByRole("heading", { name: "Set up your agent" }).waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByLabel("Model provider").selectOption("local");
    await page.getByLabel("Or a path to a .gguf file").fill(notes);
    await page.getByRole("button", { name: "Start chatting" }).click();
    await page.getByText("is not a GGUF file").waitFor();
    await page
      .getByText(/Models tab/)
      .first()
      .waitFor();
    // Still on the model step: nothing was saved, onboarding is not marked done.
    expect(await page.getByRole("button", { name: "Start chatting" }).count()).toBe(1);
    const config = await milady.json("/api/config");
    expect(config.config.ui.onboardingCompleted).toBe(false);
    expect(config.config.models.local.path).toBeUndefined();
    await screenshot(page, "first-hour-bad-model");
    await close();
  }, 60_000);

  test("running without a model is not a green Running: the header says it cannot reply and where to fix it", async () => {
    const milady = await server(() => startOnboardedMilady({ scripted: false }));
    for (const viewport of [undefined, PHONE]) {
      const { page, close } = await openPage(browser, viewport ? { viewport, mobile: true } : {});
      await page.goto(milady.url);
      const status = page.getByRole("status").filter({ hasText: "cannot reply" });
      await status.waitFor({ timeout: 20_000 });
      expect(
        await page
          .getByRole("status")
          .filter({ hasText: /^Running$/ })
          .count(),
      ).toBe(0);
      // Phones show the reason in one line; the fix is one tap away.
      if (viewport) await page.getByRole("button", { name: /How to fix/ }).click();
      await page
        .locator(header)
        .getByText(/Models tab/)
        .first()
        .waitFor();
      await screenshot(page, `first-hour-no-model${viewport ? "-phone" : ""}`);
      await close();
    }
  }, 60_000);

  test("pause shows Resume; Resume brings the agent back", async () => {
    const milady = await server(() => startOnboardedMilady());
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await page.locator(header).getByRole("button", { name: "Pause" }).click();
    await page.getByRole("status").filter({ hasText: "Paused" }).waitFor();
    const resume = page.locator(header).getByRole("button", { name: "Resume" });
    await resume.waitFor();
    await screenshot(page, "first-hour-paused");
    await resume.click();
    await page.getByRole("status").filter({ hasText: "Running" }).waitFor();
    await waitForState(milady, ["running"], 10_000);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  test("the restart prompt after saving a model setting is still there after a reload, until the restart", async () => {
    const milady = await server(() => startOnboardedMilady());
    const { page, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openTab(page, "Models");
    const threads = page.getByLabel("CPU threads");
    await threads.fill("1");
    await page.getByRole("button", { name: "Save" }).click();
    const prompt = page.getByText("Restart the agent to apply your changes.");
    await prompt.waitFor();
    await page.reload();
    await prompt.waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Restart now" }).click();
    await page.getByRole("status").filter({ hasText: "Running" }).waitFor({ timeout: 30_000 });
    await until(
      async () => (await prompt.count()) === 0,
      15_000,
      "the prompt to go once the restart applied the change",
    );
    expect((await milady.json("/api/status")).restartPending).toBe(false);
    await close();
  }, 90_000);

  test("the token dialog names a command that exists and says when the token is wrong", async () => {
    const token = "first-hour-token-0123456789";
    const milady = await server(() => startOnboardedMilady({ token }));
    const { page, close } = await openPage(browser, { allowErrors: [/status of 401/] });
    await page.goto(milady.url);
    const dialog = page.getByRole("dialog");
    await dialog.getByText("milady token").waitFor({ timeout: 15_000 });
    await dialog.getByLabel("API token").fill("not-the-token");
    await dialog.getByRole("button", { name: "Save token" }).click();
    await page
      .getByRole("dialog")
      .getByText(/Wrong token/)
      .waitFor({ timeout: 15_000 });
    await screenshot(page, "first-hour-wrong-token");
    await page.getByRole("dialog").getByLabel("API token").fill(token);
    await page.getByRole("dialog").getByRole("button", { name: "Save token" }).click();
    await page.locator(COMPOSER).waitFor({ timeout: 15_000 });
    await page.getByRole("status").filter({ hasText: "Running" }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("dialog").count()).toBe(0);
    await close();
  }, 60_000);
});
