// The phone, as a person uses it: Chromium at a phone's size inside the "phone" network
// namespace opens the desktop's LAN address (HTTPS, its own certificate), pairs by typing the
// address and the code, and chats with the agent. Milady runs in the "desktop" namespace with
// --lan; the two share only a veth pair (test/support/netns.ts), nothing leaves the machine.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { type Browser, chromium } from "playwright";
import { COMPOSER, openTab, screenshot } from "../support/browser";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../support/chromium";
import { MAIN, removeDir, tempStateDir } from "../support/milady-process";
import { createLan, type Lan } from "../support/netns";
import { type NsClient, nsClient } from "../support/ns-client-driver";
import { until } from "../support/until";

let lan: Lan;
let milady: Subprocess<"pipe", "pipe", "pipe">;
let stateDir: string;
let owner: NsClient;
let local: string;
let browser: Browser;
let scratch: string;

beforeAll(async () => {
  lan = await createLan();
  stateDir = tempStateDir("milady-phone-e2e-");
  owner = nsClient(lan.desktop);
  await startDesktopMilady();
  await owner.fetch(`${local}/api/config`, {
    method: "PATCH",
    body: { config: { ui: { onboardingCompleted: true } } },
  });
  // Chromium itself runs inside the phone's namespace; Playwright drives it over a pipe.
  scratch = mkdtempSync(join(tmpdir(), "milady-phone-chromium-"));
  const wrapper = join(scratch, "chromium-in-phone-ns");
  writeFileSync(wrapper, `#!/bin/sh\nexec /usr/sbin/ip netns exec ${lan.phone.ns} ${CHROMIUM_PATH} "$@"\n`);
  chmodSync(wrapper, 0o755);
  browser = await chromium.launch({ executablePath: wrapper, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  owner?.close();
  milady?.kill("SIGTERM");
  await milady?.exited;
  await lan?.destroy();
  if (stateDir) removeDir(stateDir);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Milady with --lan in the desktop's namespace (again after a stop: same state dir, same LAN port). */
async function startDesktopMilady(): Promise<void> {
  const before = milady?.pid;
  milady = lan.desktop.bun([MAIN, "start", "--cli", "--port", "0", "--state-dir", stateDir, "--lan"], {
    env: { MILADY_SCRIPTED_MODEL: "1", MILADY_NO_UPDATE_CHECK: "1", MILADY_API_TOKEN: "", MILADY_STATE_DIR: "" },
  });
  const run = await until(
    () => {
      const found = JSON.parse(readFileSync(join(stateDir, "milady.run.json"), "utf8")) as { url: string; pid: number };
      return found.pid !== before ? found : undefined;
    },
    60_000,
    "Milady to start in the desktop namespace",
  );
  local = run!.url;
  await until(async () => (await owner.fetch(`${local}/api/status`)).body?.state === "running", 60_000, "the agent");
}

describe("a phone on the LAN", () => {
  test("opens the desktop's address, pairs with the typed code, chats, and is still paired after a reload", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      colorScheme: "dark",
      // The desktop's own certificate: a person accepts it once (after checking the fingerprint).
      ignoreHTTPSErrors: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const address = `${lan.desktop.address}:2139`;
    await page.goto(`https://${address}/`);

    // Not paired: the Connect screen, not the dashboard.
    // No camera in this browser: Connect switches to typing by itself and says why.
    await page.locator("#connect-address").waitFor({ timeout: 20_000 });
    await page
      .getByText(/camera/i)
      .first()
      .waitFor({ timeout: 5_000 });
    await screenshot(page, "phone-lan-connect");
    const pairing = (await owner.fetch(`${local}/api/pair/start`, { method: "POST" })).body;
    const addressBox = page.locator("#connect-address");
    // The page suggests its own address (the one the phone opened).
    expect(await addressBox.inputValue()).toBe(address);
    await page.locator("#connect-code").fill("ZZZZZZZZ");
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page.getByText("That code is not right, or it was already used.").waitFor({ timeout: 20_000 });
    await page.locator("#connect-code").fill(pairing.code.toLowerCase());
    await page.locator("#connect-device-name").fill("Test Phone");
    await page.getByRole("button", { name: "Connect", exact: true }).click();

    // Paired: the dashboard's chat, talking to the desktop with the device token.
    await page.locator(COMPOSER).waitFor({ state: "visible", timeout: 30_000 });
    await page.locator(COMPOSER).fill("hello from the phone");
    await page.locator(COMPOSER).press("Enter");
    await page
      .locator('[data-testid="msg-agent"]')
      .filter({ hasText: "Echo: hello from the phone" })
      .waitFor({ timeout: 30_000 });
    // The avatar file comes with the device token too (a bare fetch would get 401).
    await page.waitForFunction(() => window.__miladyAvatar?.state === "ready", undefined, { timeout: 60_000 });
    expect(await page.getByText(/Avatar unavailable/).count()).toBe(0);
    await screenshot(page, "phone-lan-chat");
    const devices = (await owner.fetch(`${local}/api/devices`)).body.devices as { name: string; address: string }[];
    expect(devices.map((d) => d.name)).toEqual(["Test Phone"]);
    expect(devices[0]!.address).toBe(lan.phone.address);

    // Settings on a paired phone: this phone's pairing, none of the owner's cards, no refused request.
    await openTab(page, "Settings");
    await page.getByText("This phone", { exact: true }).first().waitFor({ timeout: 10_000 });
    expect(await page.getByText(/cannot do this/i).count()).toBe(0);
    expect(await page.getByText("Data locations").count()).toBe(0);
    await screenshot(page, "phone-lan-settings");
    await openTab(page, "Chat");

    // The pairing is remembered: a reload goes straight back to the chat.
    await page.reload();
    await page.locator(COMPOSER).waitFor({ state: "visible", timeout: 30_000 });
    await page
      .locator('[data-testid="msg-agent"]')
      .filter({ hasText: "Echo: hello from the phone" })
      .waitFor({ timeout: 30_000 });

    // The desktop goes away: the phone says so (never a stale green Running), and comes back by itself.
    milady.kill("SIGTERM");
    await milady.exited;
    await page.getByText(/is not reachable/).waitFor({ timeout: 30_000 });
    await screenshot(page, "phone-lan-offline");
    await startDesktopMilady();
    await page.locator(COMPOSER).waitFor({ state: "visible", timeout: 60_000 });

    // Revoked on the desktop: the phone goes back to Connect at once (its socket is closed), and says why.
    const [device] = (await owner.fetch(`${local}/api/devices`)).body.devices as { id: string }[];
    await owner.fetch(`${local}/api/devices/${device!.id}`, { method: "DELETE" });
    await page.getByText(/no longer paired/i).waitFor({ timeout: 30_000 });
    await screenshot(page, "phone-lan-revoked");
    expect(errors).toEqual([]);
    await context.close();
  }, 150_000);
});
