/**
 * The OpenAI-compatible API's conversations in the dashboard (real Chromium, real server, the
 * scripted model test double): a request through the official `openai` client with a `user`
 * shows up, live, in the chat list as "OpenAI: <user>", and opening it shows the turn.
 */
import { afterAll, beforeAll, describe, test } from "bun:test";
import OpenAI from "openai";
import type { Browser } from "playwright-core";
import { closeSuite, gotoChat, openPage, openSuite, screenshot } from "../support/browser";
import type { MiladyProcess } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  ({ browser, milady } = await openSuite());
}, 60_000);

afterAll(() => closeSuite({ browser, milady }));

describe("OpenAI API conversations in the dashboard", () => {
  test("a client's user gets a conversation the chat list shows live, with its messages", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    const client = new OpenAI({ baseURL: `${milady.url}/v1`, apiKey: "loopback", maxRetries: 0 });
    await client.chat.completions.create({
      model: "milady",
      user: "e2e-client",
      messages: [{ role: "user", content: "hello from an OpenAI client" }],
    });
    const list = page.getByRole("list", { name: "Conversations" });
    // No reload: the conversation arrives over /ws like any other.
    await list.getByText("OpenAI: e2e-client").waitFor({ timeout: 10_000 });
    await list.getByText("OpenAI: e2e-client").click();
    await page
      .locator('[data-testid="msg-agent"]')
      .filter({ hasText: "Echo: hello from an OpenAI client" })
      .waitFor({ timeout: 10_000 });
    await screenshot(page, "openai-conversation");
    if (errors.length) throw new Error(`console errors: ${errors.join("; ")}`);
    await close();
  }, 60_000);
});
