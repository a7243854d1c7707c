/**
 * Knowledge and Logs in real Chromium against the real server (scripted model
 * test double; its embeddings are a bag-of-words hash, so a distinctive word
 * finds its document).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { closeSuite, gotoChat, openPage, openSuite, openTab, PHONE, screenshot, until } from "../support/browser";
import { type MiladyProcess, postJson } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;
let files = "";

beforeAll(async () => {
  ({ browser, milady, files } = await openSuite({ files: true }));
}, 60_000);

afterAll(() => closeSuite({ browser, milady, files }));

describe("knowledge", () => {
  test("upload a .txt, see it listed, search finds it with a score, bad types are refused, delete removes it", async () => {
    const txt = join(files, "zebra-notes.txt");
    writeFileSync(
      txt,
      "Field notes. The quokkaberry grows only on the northern ridge and ripens in March.\n" +
        "Unrelated filler about weather, tides and the price of bread.\n",
    );
    const exe = join(files, "setup.exe");
    writeFileSync(exe, new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]));
    const png = join(files, "photo.png");
    writeFileSync(png, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openTab(page, "Knowledge");
    await page.getByText("No documents yet.").waitFor({ timeout: 10_000 });

    await page.getByTestId("knowledge-file").setInputFiles(txt);
    const row = page.locator("li").filter({ hasText: "zebra-notes.txt" });
    await row.waitFor({ timeout: 15_000 });
    expect((await row.textContent()) ?? "").toMatch(/\d+ chunks?/);

    await page.getByLabel("Search knowledge").fill("quokkaberry");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const hit = page.locator("ol li").filter({ hasText: "quokkaberry" }).first();
    await hit.waitFor({ timeout: 10_000 });
    const hitText = (await hit.textContent()) ?? "";
    expect(hitText).toContain("zebra-notes.txt");
    const score = Number(await hit.locator(".font-mono").textContent());
    expect(score).toBeGreaterThan(0);
    console.log(`knowledge hit score for "quokkaberry": ${score}`);
    await screenshot(page, "knowledge-search");

    // Re-embed (after a change of embedding model): asked first, every chunk redone through the
    // agent's model, and search still finds the document.
    await page.getByRole("button", { name: "Re-embed", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Embed all 1 document again").waitFor({ timeout: 5_000 });
    await screenshot(page, "knowledge-reembed-confirm");
    await dialog.getByRole("button", { name: "Re-embed", exact: true }).click();
    await page.getByText(/Re-embedded \d+ chunks? of 1 document \(\d+ dimensions\)\./).waitFor({ timeout: 15_000 });
    await dialog.waitFor({ state: "detached", timeout: 5_000 });
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await hit.waitFor({ timeout: 10_000 });
    const phone = await openPage(browser, { viewport: PHONE, mobile: true });
    await gotoChat(phone.page, milady.url);
    await openTab(phone.page, "Knowledge");
    await phone.page.getByRole("button", { name: "Re-embed", exact: true }).waitFor({ timeout: 10_000 });
    await screenshot(phone.page, "phone-knowledge");
    expect(phone.errors).toEqual([]);
    await phone.close();
    const onlyOtherSizes = await milady.json("/api/knowledge/reembed", postJson({ all: false }));
    expect(onlyOtherSizes).toMatchObject({ documents: 0, chunks: 0 }); // all are the current model's now
    const wrong = await milady.api("/api/knowledge/reembed", postJson({ all: "yes" }));
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.message).toContain("all");

    for (const bad of [exe, png]) {
      await page.getByTestId("knowledge-file").setInputFiles(bad);
      const name = bad.split("/").pop() as string;
      await page
        .getByRole("alert")
        .filter({ hasText: `"${name}" is not a supported type. Upload a .txt, .md or .pdf file.` })
        .waitFor({ timeout: 5_000 });
    }
    await screenshot(page, "knowledge-bad-type");
    // The server refuses it too, with the same kind of message (a client check is not a guard).
    const form = new FormData();
    form.append("file", new File([new Uint8Array([0x4d, 0x5a])], "setup.exe"));
    const direct = await milady.api("/api/knowledge", { method: "POST", body: form });
    expect(direct.status).toBe(415);
    expect((await direct.json()).error.message).toContain("setup.exe");

    await page.getByRole("button", { name: "Delete zebra-notes.txt" }).click();
    await page.getByText("No documents yet.").waitFor({ timeout: 5_000 });
    expect((await milady.json("/api/knowledge")).documents ?? []).toHaveLength(0);
    expect(errors).toEqual([]);
    await close();
  }, 40_000);
});

describe("knowledge duplicates", () => {
  test("the same document uploaded again (even renamed) is refused naming the one already there, and search finds it once", async () => {
    const original = join(files, "ferry-times.txt");
    const renamed = join(files, "ferry-times (1).txt");
    const text = "The ferry to Skeld leaves at 7:40 and returns at 18:15; the skeldferry runs daily.\n";
    writeFileSync(original, text);
    writeFileSync(renamed, text);
    // Chromium logs the refused upload ("Failed to load resource: ... 409"): the test provokes it.
    const { page, errors, close } = await openPage(browser, { allowErrors: [/status of 409/] });
    await gotoChat(page, milady.url);
    await openTab(page, "Knowledge");
    await page.getByTestId("knowledge-file").setInputFiles(original);
    await page.locator("li").filter({ hasText: "ferry-times.txt" }).waitFor({ timeout: 15_000 });

    await page.getByTestId("knowledge-file").setInputFiles(renamed);
    const alert = page.getByRole("alert").filter({ hasText: "already in knowledge" });
    await alert.waitFor({ timeout: 10_000 });
    const said = (await alert.textContent()) ?? "";
    expect(said).toContain('"ferry-times (1).txt" is already in knowledge as "ferry-times.txt"');
    expect(said).toContain('Delete "ferry-times.txt" first');
    await screenshot(page, "knowledge-duplicate");
    const documents = (await milady.json("/api/knowledge")).documents as { filename: string }[];
    expect(documents.filter((d) => d.filename.startsWith("ferry-times"))).toHaveLength(1);

    await page.getByLabel("Search knowledge").fill("skeldferry");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.locator("ol li").filter({ hasText: "skeldferry" }).first().waitFor({ timeout: 10_000 });
    expect(await page.locator("ol li").filter({ hasText: "skeldferry" }).count()).toBe(1);

    await page.getByRole("button", { name: "Delete ferry-times.txt" }).click();
    await page.getByRole("button", { name: "Delete ferry-times.txt" }).waitFor({ state: "detached" });
    expect(errors).toEqual([]);
    await close();
  }, 40_000);
});

describe("logs", () => {
  test("new lines arrive live; level filter and search narrow them", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openTab(page, "Logs");
    const lines = page.getByTestId("log-line");
    await lines.first().waitFor({ timeout: 10_000 });
    await screenshot(page, "logs-open");
    await page.getByText("live", { exact: true }).waitFor();

    // Server activity while the tab is open: one good chat turn (info) and one failing turn (warn).
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "logs" }));
    const say = (text: string) =>
      milady
        .api(`/api/conversations/${conversation.id}/messages`, postJson({ text, clientMessageId: crypto.randomUUID() }))
        .then((r) => r.text());
    await say("hello logs");
    await lines.filter({ hasText: "chat reply in" }).first().waitFor({ timeout: 5_000 });
    await say("[error] please fail");
    const warn = lines.filter({ hasText: "reply failed" }).first();
    await warn.waitFor({ timeout: 5_000 });
    expect((await warn.textContent()) ?? "").toMatch(/warn|error/i);
    await screenshot(page, "logs-live");

    // Level: warn and above hides the info lines.
    await page.getByLabel("Level").selectOption("warn");
    await until(async () => (await lines.filter({ hasText: "chat reply in" }).count()) === 0, 3_000, "info hidden");
    expect(await lines.filter({ hasText: "reply failed" }).count()).toBeGreaterThan(0);
    const levels = await lines.evaluateAll((els) => els.map((e) => e.children[1]?.textContent?.trim().toUpperCase()));
    expect(levels.every((l) => l === "WARN" || l === "ERROR")).toBe(true);
    await page.getByLabel("Level").selectOption("all");

    // Search narrows to matching lines.
    await page.getByLabel("Search logs").fill("serving the dashboard");
    await until(async () => (await lines.count()) === 1, 3_000, "one matching line");
    expect((await lines.first().textContent()) ?? "").toContain("serving the dashboard");
    await page.getByLabel("Search logs").fill("no-such-text-xyz");
    await page.getByText("No lines match the filter.").waitFor({ timeout: 3_000 });
    expect(errors).toEqual([]);
    await close();
  }, 45_000);
});
