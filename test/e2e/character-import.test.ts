/**
 * Character import and export in the Character tab, in real Chromium against the real server
 * (scripted model test double): a V3 PNG card is previewed (what is not carried over), then
 * imported; its picture shows on the tab and in the chat header; an elizaOS JSON with secrets
 * shows them masked; a PNG without a card is refused and nothing changes; Export downloads an
 * elizaOS file that elizaOS's own validator accepts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { validateCharacter } from "@elizaos/core";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { readCharacterFile } from "../../src-shared/character";
import { closeSuite, gotoChat, openPage, openSuite, openTab, PHONE, screenshot } from "../support/browser";
import { base64Json, drawPng, insertChunks, textChunk, V2_CARD, V3_CARD } from "../support/character-cards";
import type { MiladyProcess } from "../support/milady-process";

let browser: Browser;
let milady: MiladyProcess;
let files = "";
const SECRET = "sk-e2e-secret-0123456789abcdef";

/** A portrait-like picture (a lit disc on a dark field), so the screenshots show a real image. */
function portrait(size = 128): Uint8Array {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - size / 2, y - size / 2.4) / (size / 2);
      const lit = d < 0.55 ? 1 : 0;
      png.data.set([30 + 200 * lit, 60 + (140 * y) / size, 120 + 100 * lit * (1 - d), 255], (y * size + x) * 4);
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

beforeAll(async () => {
  ({ browser, milady, files } = await openSuite({ files: true }));
  writeFileSync(
    join(files, "orin.png"),
    insertChunks(portrait(), textChunk("chara", base64Json(V2_CARD)), textChunk("ccv3", base64Json(V3_CARD))),
  );
  writeFileSync(
    join(files, "quill.json"),
    JSON.stringify({
      name: "Quill",
      bio: ["Quill files every letter that reaches the archive."],
      settings: { secrets: { OPENAI_API_KEY: SECRET } },
      clients: ["discord"],
    }),
  );
  writeFileSync(join(files, "plain.png"), drawPng());
}, 60_000);

afterAll(() => closeSuite({ browser, milady, files }));

async function openCharacter(page: Page): Promise<void> {
  await openTab(page, "Character");
  await page.getByLabel("Name", { exact: true }).waitFor({ timeout: 10_000 });
}

async function pictureShown(page: Page, where: string): Promise<void> {
  const img = page.locator(`${where} [data-testid="character-picture"]`).first();
  await img.waitFor({ timeout: 10_000 });
  await page.waitForFunction(
    (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth === 128,
    await img.elementHandle(),
    { timeout: 10_000 },
  );
}

describe("Import and Export in the Character tab", () => {
  test("a V3 PNG card: preview with what is not carried, confirm, the picture on the tab and in chat", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openCharacter(page);
    await page.getByTestId("character-import-file").setInputFiles(join(files, "orin.png"));
    const dialog = page.getByRole("dialog", { name: "Import a character" });
    await dialog.getByText("Orin Vale", { exact: true }).waitFor();
    await dialog.getByText("Tavern card V3 (PNG)", { exact: false }).waitFor();
    const ignored = dialog.getByTestId("import-ignored");
    expect(await ignored.textContent()).toContain("data.group_only_greetings");
    // A preview changed nothing yet.
    expect((await milady.json("/api/character")).character.name).toBe("Milady");
    await screenshot(page, "character-import-preview");

    await dialog.getByRole("button", { name: "Replace Milady" }).click();
    await page.getByRole("dialog", { name: "Character imported" }).getByText("The agent uses it now.").waitFor();
    await page.getByRole("button", { name: "Close" }).click();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Orin Vale");
    expect(await page.getByLabel("Bio").inputValue()).toContain("Orin is a lighthouse-keeping android");
    expect((await milady.json("/api/character")).character.name).toBe("Orin Vale");
    await pictureShown(page, "main");
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "character-after-import");

    await openTab(page, "Chat");
    await pictureShown(page, "section");
    await screenshot(page, "chat-header-picture");
    expect(errors).toEqual([]);
    await close();

    const phone = await openPage(browser, { viewport: PHONE, mobile: true });
    await gotoChat(phone.page, milady.url);
    await openCharacter(phone.page);
    await pictureShown(phone.page, "main");
    await screenshot(phone.page, "phone-character-after-import");
    expect(phone.errors).toEqual([]);
    await phone.close();
  }, 60_000);

  test("Export downloads an elizaOS character file that elizaOS's validator accepts", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openCharacter(page);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("Orin Vale.character.json");
    const saved = join(files, "exported.json");
    await file.saveAs(saved);
    const exported = JSON.parse(readFileSync(saved, "utf8"));
    expect(exported.name).toBe("Orin Vale");
    expect(validateCharacter(exported).success).toBe(true);

    // The character has a picture (the card's), so a PNG card can be exported too; reading it
    // back gives the same character and the same picture.
    const cardDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export card", exact: true }).click();
    const card = await cardDownload;
    expect(card.suggestedFilename()).toBe("Orin Vale.card.png");
    const savedCard = join(files, "exported.card.png");
    await card.saveAs(savedCard);
    const read = readCharacterFile(new Uint8Array(readFileSync(savedCard)));
    expect(read.character).toEqual((await milady.json("/api/character")).character);
    const picture = new Uint8Array(await (await milady.api("/api/character/picture")).arrayBuffer());
    expect(read.picture).toEqual(picture);
    await screenshot(page, "character-export-card");
    expect(errors).toEqual([]);
    await close();
  }, 30_000);

  test("a PNG without a card, and a file too large, are refused in the dialog and nothing changes", async () => {
    const { page, errors, close } = await openPage(browser, { allowErrors: [/status of 400 \(Bad Request\)/] });
    await gotoChat(page, milady.url);
    await openCharacter(page);
    await page.getByTestId("character-import-file").setInputFiles(join(files, "plain.png"));
    const dialog = page.getByRole("dialog", { name: "Import a character" });
    await dialog.getByRole("alert").getByText("carries no character card", { exact: false }).waitFor();
    await dialog.getByText("Nothing was changed.").waitFor();
    expect(await dialog.getByRole("button", { name: /^Replace/ }).count()).toBe(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    // Too large: said before uploading, with the limit.
    const big = join(files, "huge.png");
    writeFileSync(big, new Uint8Array(21 * 1024 * 1024));
    await page.getByTestId("character-import-file").setInputFiles(big);
    await dialog.getByText("huge.png is 21.0 MB; character files are limited to 20 MB.").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await milady.json("/api/character")).character.name).toBe("Orin Vale");
    expect(errors).toEqual([]);
    await close();
  }, 30_000);

  test("an elizaOS JSON with a secret shows it masked, stores it in .env, and drops the old picture", async () => {
    const { page, errors, close } = await openPage(browser);
    await gotoChat(page, milady.url);
    await openCharacter(page);
    await page.getByTestId("character-import-file").setInputFiles(join(files, "quill.json"));
    const dialog = page.getByRole("dialog", { name: "Import a character" });
    const secrets = dialog.getByTestId("import-secrets");
    await secrets.getByText("OPENAI_API_KEY").waitFor();
    expect(await secrets.textContent()).toContain("sk-…cdef");
    await dialog.getByText("The current picture is removed: this file has none.").waitFor();
    expect(await dialog.getByTestId("import-ignored").textContent()).toContain("clients:");
    expect(await page.content()).not.toContain(SECRET);
    await dialog.getByRole("button", { name: "Replace Orin Vale" }).click();
    await page
      .getByRole("dialog", { name: "Character imported" })
      .getByText("Restart the agent", { exact: false })
      .waitFor();
    await page.getByRole("button", { name: "Close" }).click();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Quill");
    expect(await page.locator('main [data-testid="character-picture"]').count()).toBe(0);
    expect(readFileSync(join(milady.stateDir, ".env"), "utf8")).toContain(`OPENAI_API_KEY=${SECRET}`);
    expect(readFileSync(join(milady.stateDir, "milady.json"), "utf8")).not.toContain(SECRET);
    expect(errors).toEqual([]);
    await close();
  }, 30_000);
});
