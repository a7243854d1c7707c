/**
 * Chat messages and the conversation list in real Chromium against the real server
 * (scripted model test double: replies "Echo: <text>"), issue 7 item 11: messages render
 * a safe Markdown subset with links that open in a new tab (and never run markup or
 * `javascript:`); conversations are renamed in place and deleted after a confirmation.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { closeSuite, gotoChat, openPage, openSuite, PHONE, screenshot, sendChat, until } from "../support/browser";
import { type MiladyProcess, postJson } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;

beforeAll(async () => {
  ({ browser, milady } = await openSuite());
}, 60_000);

afterAll(() => closeSuite({ browser, milady }));

async function seedConversation(title: string, text: string): Promise<string> {
  const { conversation } = await milady.json("/api/conversations", postJson({ title }));
  await milady.json(`/api/conversations/${conversation.id}/messages`, postJson({ text }));
  return conversation.id as string;
}

const titles = async (): Promise<string[]> =>
  ((await milady.json("/api/conversations")).conversations as { title: string }[]).map((c) => c.title);

const bubble = (page: Page, role: "user" | "agent") => page.locator(`[data-testid="msg-${role}"]`).last();

/** The first line carries the inline pieces, so the scripted echo (one line) repeats them. */
const MARKDOWN = [
  "See [the docs](https://example.com/docs) and https://example.org/page. **bold** *italic* `a < b` <b>raw</b> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
  "- eggs",
  "- **milk**",
  "```",
  "const ok = 1 < 2;",
  "```",
].join("\n");

describe("messages", () => {
  test("render a safe Markdown subset: emphasis, code, lists, code blocks, links in a new tab; markup and javascript: stay text", async () => {
    await seedConversation("Markdown", "hello");
    for (const [viewport, name] of [
      [undefined, "chat-markdown"],
      [PHONE, "phone-chat-markdown"],
    ] as const) {
      const { page, errors, close } = await openPage(browser, viewport ? { viewport, mobile: true } : {});
      await gotoChat(page, milady.url);
      await page.locator('[data-testid="msg-agent"]').first().waitFor();
      await sendChat(page, MARKDOWN);
      await bubble(page, "agent").filter({ hasText: "Echo: See the docs" }).waitFor({ timeout: 10_000 });

      const user = bubble(page, "user");
      expect(await user.locator("ul > li").allTextContents()).toEqual(["eggs", "milk"]);
      expect(await user.locator("li strong").textContent()).toBe("milk");
      expect(await user.locator("pre").textContent()).toBe("const ok = 1 < 2;");

      const agent = bubble(page, "agent");
      expect(await agent.locator("strong").first().textContent()).toBe("bold");
      expect(await agent.locator("em").first().textContent()).toBe("italic");
      expect(await agent.locator("code").first().textContent()).toBe("a < b");
      const links = await agent.locator("a").evaluateAll((as) =>
        as.map((a) => ({
          href: a.getAttribute("href"),
          text: a.textContent,
          target: a.getAttribute("target"),
          rel: a.getAttribute("rel"),
        })),
      );
      expect(links.slice(0, 2)).toEqual([
        { href: "https://example.com/docs", text: "the docs", target: "_blank", rel: "noopener noreferrer" },
        {
          href: "https://example.org/page",
          text: "https://example.org/page",
          target: "_blank",
          rel: "noopener noreferrer",
        },
      ]);
      // Nothing from the message became markup, and no script ran.
      const list = page.locator('ol[aria-label="Messages"]');
      expect(await list.locator('b, img, script, a[href^="javascript" i]').count()).toBe(0);
      expect((await user.textContent()) ?? "").toContain("<b>raw</b>");
      expect((await user.textContent()) ?? "").toContain("[x](javascript:alert(1))");
      await screenshot(page, name);
      expect(errors).toEqual([]);
      await close();
    }
  }, 60_000);
});

describe("conversation list", () => {
  test("desktop: rename in place, delete after a confirmation; the open conversation clears and stays gone after a reload", async () => {
    const groceries = await seedConversation("Groceries", "we need eggs");
    await seedConversation("Holiday", "where to?"); // newest: opens first
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    const list = page.getByRole("list", { name: "Conversations" });
    await list.getByText("Groceries").waitFor();

    await page.getByRole("button", { name: "Rename Groceries" }).click();
    const field = page.getByLabel("Conversation title");
    expect(await field.inputValue()).toBe("Groceries");
    await field.fill("Weekly shop");
    await screenshot(page, "conversation-rename");
    await field.press("Enter");
    await list.getByText("Weekly shop").waitFor();
    await until(async () => (await titles()).includes("Weekly shop"), 5_000, "the rename on the server");
    expect(await titles()).not.toContain("Groceries");

    await list.getByText("Weekly shop").click();
    await bubble(page, "agent").filter({ hasText: "Echo: we need eggs" }).waitFor();
    await page.getByRole("button", { name: "Delete Weekly shop" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete conversation?" });
    await confirm.waitFor();
    expect((await confirm.textContent()) ?? "").toContain("Weekly shop");
    await screenshot(page, "conversation-delete-confirm");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await titles()).toContain("Weekly shop");

    await page.getByRole("button", { name: "Delete Weekly shop" }).click();
    await confirm.getByRole("button", { name: "Delete", exact: true }).click();
    await confirm.waitFor({ state: "detached" });
    await list.getByText("Weekly shop").waitFor({ state: "detached" });
    // The deleted conversation was open: the chat view is empty, not showing another one.
    await page.getByText("Say hello.").waitFor();
    expect(await page.locator('[data-testid="msg-agent"]').count()).toBe(0);
    expect(await titles()).not.toContain("Weekly shop");
    expect((await milady.api(`/api/conversations/${groceries}/messages`)).status).toBe(404);
    await screenshot(page, "conversation-deleted");

    await page.reload();
    await list.getByText("Holiday").waitFor();
    expect(await list.getByText("Weekly shop").count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  test("phone: rename and delete from the Conversations dialog; Esc closes the confirmation, not the list", async () => {
    await seedConversation("Phone notes", "remember the charger");
    const { page, errors, close } = await openPage(browser, { viewport: PHONE, mobile: true });
    await gotoChat(page, milady.url);
    await page.getByRole("button", { name: "Conversations" }).click();
    const dialog = page.getByRole("dialog", { name: "Conversations" });
    await dialog.getByText("Phone notes").waitFor();
    // Touch screens have no hover: the row's actions are always shown.
    expect(
      await dialog
        .getByRole("button", { name: "Delete Phone notes" })
        .evaluate((b) => getComputedStyle(b.parentElement!).opacity),
    ).toBe("1");
    const listBox = (await dialog.boundingBox())!;
    expect(listBox.x + listBox.width).toBeLessThanOrEqual(PHONE.width); // long last messages are cut, not the dialog
    await screenshot(page, "phone-conversations-actions");

    await dialog.getByRole("button", { name: "Rename Phone notes" }).click();
    await dialog.getByLabel("Conversation title").fill("Travel kit");
    await dialog.getByLabel("Conversation title").press("Enter");
    await dialog.getByText("Travel kit").waitFor();

    await dialog.getByRole("button", { name: "Delete Travel kit" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete conversation?" });
    await confirm.waitFor();
    const box = (await confirm.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width); // over the whole screen, not inside the list
    await screenshot(page, "phone-conversation-delete-confirm");
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "detached" });
    expect(await dialog.isVisible()).toBe(true);

    await dialog.getByRole("button", { name: "Delete Travel kit" }).click();
    await confirm.getByRole("button", { name: "Delete", exact: true }).click();
    await dialog.getByText("Travel kit").waitFor({ state: "detached" });
    expect(await titles()).not.toContain("Travel kit");
    expect(errors).toEqual([]);
    await close();
  }, 60_000);
});
