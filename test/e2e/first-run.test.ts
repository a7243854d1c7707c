/**
 * First run in real Chromium against the real server (scripted model test double):
 * the shell paints while the backend is still starting (no blank window), then
 * onboarding names the agent and lands in Chat; the choice is on disk and survives a reload.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { COMPOSER, launchBrowser, openPage, screenshot, until } from "../support/browser";
import { type MiladyProcess, removeDir, startMilady, waitForState } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  browser = await launchBrowser();
  // Do not wait for the agent: the page must be opened while it is still starting.
  milady = await startMilady({ waitForAgent: false });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await milady?.stop();
  if (milady) removeDir(milady.stateDir);
});

describe("first run", () => {
  test("the shell renders while the backend starts (no blank window)", async () => {
    const { page, errors, close } = await openPage(browser);
    const statusAtGoto = (await milady.json("/api/status")).state as string;
    await page.goto(milady.url);
    // The status bar is the first thing painted; it must show up within a second or two.
    const status = page.getByRole("status");
    await status.waitFor({ timeout: 5_000 });
    const label = (await status.textContent()) ?? "";
    expect(label).toMatch(/Starting|Connecting|Running|Not started/);
    const bodyText = ((await page.locator("#root").textContent()) ?? "").trim();
    expect(bodyText.length).toBeGreaterThan(10);
    await screenshot(page, "starting-shell");
    console.log(`agent state at navigation: ${statusAtGoto}; status bar said: ${label.trim()}`);
    await waitForState(milady, ["running"], 30_000);
    await status.filter({ hasText: "Running" }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await close();
  }, 40_000);

  test("onboarding: name the agent, keep the default avatar, pick a model, land in Chat", async () => {
    const { page, errors, close } = await openPage(browser);
    await page.goto(milady.url);
    await page.getByRole("heading", { name: "Set up your agent" }).waitFor({ timeout: 10_000 });
    await screenshot(page, "onboarding-name");

    // An empty name is refused with a message.
    const name = page.getByLabel("What should your agent be called?");
    await name.fill("");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Give your agent a name.").waitFor();

    await name.fill("Ada E2E");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Use the default" }).click();
    await page.getByText("Using the default avatar.").waitFor();
    await screenshot(page, "onboarding-avatar");
    await page.getByRole("button", { name: "Continue" }).click();

    // With the scripted model the server already has a model: keep "Local (GGUF)" (no key needed).
    await page.getByLabel("Model provider").selectOption("local");
    await screenshot(page, "onboarding-model");
    await page.getByRole("button", { name: "Start chatting" }).click();

    await page.locator(COMPOSER).waitFor({ timeout: 10_000 });
    await page.getByRole("tab", { name: "Chat", exact: true }).locator("visible=true").waitFor();
    await until(
      async () => ((await page.locator("header").textContent()) ?? "").includes("Ada E2E"),
      10_000,
      "new name in header",
    );
    // The chosen model is applied by a restart the dashboard does itself: no "restart to apply" prompt,
    // neither while that restart runs nor after it.
    expect(await page.getByText("Restart the agent to apply your changes.").count()).toBe(0);
    await until(
      async () => {
        const status = await milady.json("/api/status");
        return status.state === "running" && status.restartPending === false;
      },
      60_000,
      "the onboarding's own restart to apply the model",
    );
    await page.getByRole("status").filter({ hasText: "Running" }).waitFor({ timeout: 20_000 });
    expect(await page.getByText("Restart the agent to apply your changes.").count()).toBe(0);
    await screenshot(page, "onboarding-done-chat");

    const config = JSON.parse(readFileSync(join(milady.stateDir, "milady.json"), "utf8"));
    expect(config.ui.onboardingCompleted).toBe(true);
    expect(config.character?.name).toBe("Ada E2E");
    expect((await milady.json("/api/character")).character.name).toBe("Ada E2E");

    await page.reload();
    await page.locator(COMPOSER).waitFor({ timeout: 10_000 });
    expect(await page.getByRole("heading", { name: "Set up your agent" }).count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  }, 40_000);
});
