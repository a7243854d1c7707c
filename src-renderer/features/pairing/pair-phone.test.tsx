import "../../testing/happy-dom";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type Device, type LanStatus, lanContract } from "../../../src-shared/contracts";
import { createApiClient } from "../../api/client";
import { applyLanStatus, applyPairRequest, resetLanStore, setApi } from "../../stores";
import { domForThisFile } from "../../testing/happy-dom";
import { deviceFixture, FINGERPRINT, lanStatusFixture, pairingFixture, QR_SVG } from "../../testing/lan-fixtures";
import { startScriptedServer, wireError } from "../../testing/scripted-server";
import { PairPhone, qrImageSrc } from "./pair-phone";

const { cleanup, fireEvent, render, waitFor, within } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

let status: LanStatus;
let devices: Device[];
let codes: string[];
let expiresIn: number;

beforeEach(() => {
  cleanup();
  resetLanStore();
  srv.requests.length = 0;
  status = lanStatusFixture();
  devices = [];
  codes = ["ABCDEFGH", "JKMNPQRS"];
  expiresIn = 5 * 60_000;
  srv.on(lanContract.routes.status, () => status);
  srv.on(lanContract.routes.set, async (req) => {
    const { enabled } = (await req.json()) as { enabled: boolean };
    status = { ...status, enabled, configured: enabled };
    return status;
  });
  srv.on(lanContract.routes.startPairing, () =>
    pairingFixture({ code: codes.shift() ?? "ZZZZZZZZ", expiresAt: Date.now() + expiresIn }),
  );
  srv.on(lanContract.routes.requests, () => ({ requests: [] }));
  srv.on(lanContract.routes.decide, () => ({ ok: true as const }));
  srv.on(lanContract.routes.devices, () => ({ devices }));
  srv.on(lanContract.routes.revoke, (_req, params) => {
    devices = devices.filter((d) => d.id !== params.id);
    return { ok: true as const };
  });
});
afterEach(() => cleanup());

/**
 * For waitFor: a boolean, because a failing `expect(element).toBeNull()` prints the element's whole
 * happy-dom tree, which blocks the event loop for seconds (the very answer being waited for).
 */
const gone = (el: Element | null) => el === null;
const posts = (path: string) => srv.requests.filter((r) => r.method === "POST" && r.path === path);

describe("Pair a phone (desktop)", () => {
  test("LAN access: addresses with VPN and virtual ones marked, the fingerprint, and turning it off sends PUT", async () => {
    const view = render(<PairPhone />);
    const urls = within(await view.findByTestId("lan-urls"));
    expect(urls.getByText("https://192.168.1.20:2139")).toBeTruthy();
    const vpn = urls.getByText("https://100.101.1.2:2139").closest("li")!;
    expect(vpn.textContent).toContain("VPN");
    expect(vpn.textContent).toContain("only for a phone on the same VPN");
    expect(urls.getByText("https://172.17.0.1:2139").closest("li")!.textContent).toContain("virtual");
    expect(urls.getByText("https://192.168.1.20:2139").closest("li")!.textContent).not.toContain("VPN");
    expect(view.getByTestId("fingerprint").textContent).toBe(FINGERPRINT);

    const box = view.getByRole("checkbox") as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    await waitFor(() => expect(srv.requests.find((r) => r.method === "PUT")?.body).toEqual({ enabled: false }));
    await waitFor(() => expect(box.checked).toBe(false));
    // Off: no addresses, no way to start a pairing.
    expect(view.queryByTestId("lan-urls")).toBeNull();
    expect(view.queryByRole("button", { name: "Pair a phone" })).toBeNull();
  });

  test("the problem turning LAN access on is shown as the server says it", async () => {
    status = lanStatusFixture({
      enabled: false,
      urls: [],
      problem: "Port 2139 is taken by another program: choose another with milady config set server.lanPort 2140.",
    });
    const view = render(<PairPhone />);
    await view.findByText(/Port 2139 is taken by another program/);
    expect(view.getByText(/Off: only this computer reaches Milady/)).toBeTruthy();
  });

  test("Pair a phone shows the server's QR as an image, the code grouped, the addresses and a countdown", async () => {
    const view = render(<PairPhone />);
    fireEvent.click(await view.findByRole("button", { name: "Pair a phone" }));
    const panel = within(await view.findByTestId("pairing"));
    expect(panel.getByTestId("pair-code").textContent).toBe("ABCD-EFGH");
    const img = panel.getByRole("img") as HTMLImageElement;
    expect(img.getAttribute("src")).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(QR_SVG)}`);
    // Never parsed into the page as markup.
    expect(view.container.querySelector("svg rect")).toBeNull();
    expect(panel.getByText("https://192.168.1.20:2139")).toBeTruthy();
    expect(panel.getByText("https://100.101.1.2:2139").closest("li")!.textContent).toContain("VPN");
    expect(panel.getByTestId("pair-countdown").textContent).toMatch(/Valid for [45]:\d\d, once\./);
    expect(posts("/api/pair/start")).toHaveLength(1);
  });

  test("when the code expires it says so and New code asks for another", async () => {
    // Long enough that a loaded machine still sees the countdown before the expiry.
    expiresIn = 4000;
    const view = render(<PairPhone />);
    fireEvent.click(await view.findByRole("button", { name: "Pair a phone" }));
    await view.findByText("ABCD-EFGH");
    expect(view.getByTestId("pair-countdown").textContent).toContain("Valid for 0:0");
    await waitFor(() => expect(view.getByTestId("pair-countdown").textContent).toContain("This code expired"));
    expiresIn = 5 * 60_000;
    fireEvent.click(view.getByRole("button", { name: "New code" }));
    await waitFor(() => expect(view.getByTestId("pair-code").textContent).toBe("JKMN-PQRS"));
    expect(view.getByTestId("pair-countdown").textContent).toMatch(/Valid for (5:00|4:5\d)/);
    expect(posts("/api/pair/start")).toHaveLength(2);
  });

  test("a failed start is said inline with the server's fix", async () => {
    srv.on(lanContract.routes.startPairing, () =>
      wireError("conflict", "LAN access is off.", 409, "Turn on LAN access first."),
    );
    const view = render(<PairPhone />);
    fireEvent.click(await view.findByRole("button", { name: "Pair a phone" }));
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain("LAN access is off.");
    expect(alert.textContent).toContain("Turn on LAN access first.");
  });

  test("a phone waiting for approval (pair_request on /ws and GET /api/pair/requests) is approved or denied", async () => {
    srv.on(lanContract.routes.requests, () => ({
      requests: [{ requestId: "r1", deviceName: "Pixel 8 (Chrome)", address: "192.168.1.31", at: Date.now() }],
    }));
    const view = render(<PairPhone />);
    await view.findByText("Pixel 8 (Chrome)");
    // A second phone arrives as a /ws event, through the same handler the session uses.
    applyPairRequest({
      requestId: "r2",
      deviceName: "iPhone (Safari)",
      address: "192.168.1.32",
      at: Date.now(),
    });
    const requests = within(await view.findByTestId("pair-requests"));
    await requests.findByText("iPhone (Safari)");
    expect(requests.getByText(/from 192.168.1.32/)).toBeTruthy();

    devices = [deviceFixture({ id: "d1", name: "Pixel 8 (Chrome)", pairedAt: Date.now() })];
    const pixel = requests.getByTestId("request-r1");
    fireEvent.click(within(pixel).getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(posts("/api/pair/requests/r1")[0]?.body).toEqual({ approve: true }));
    await waitFor(() => expect(gone(requests.queryByText("Pixel 8 (Chrome)"))).toBe(true));
    // Approved: the device list is asked again and shows it.
    await within(view.getByTestId("devices")).findByText("Pixel 8 (Chrome)");

    fireEvent.click(requests.getByRole("button", { name: "Deny" }));
    await waitFor(() => expect(posts("/api/pair/requests/r2")[0]?.body).toEqual({ approve: false }));
    await waitFor(() => expect(gone(view.queryByTestId("pair-requests"))).toBe(true));
  });

  test("a request already gone (404) leaves the list with a message", async () => {
    srv.on(lanContract.routes.requests, () => ({
      requests: [{ requestId: "r9", deviceName: "Old phone", address: "10.0.0.9", at: 1 }],
    }));
    srv.on(lanContract.routes.decide, () => wireError("not_found", "no such request", 404));
    const view = render(<PairPhone />);
    fireEvent.click(await view.findByRole("button", { name: "Approve" }));
    await view.findByText(/That request is gone/);
    expect(view.queryByText("Old phone")).toBeNull();
  });

  test("paired devices show address, last seen and connected; Revoke asks first, Cancel keeps it", async () => {
    devices = [
      deviceFixture({
        id: "d1",
        name: "iPhone (Safari)",
        address: "192.168.1.32",
        lastSeenAt: Date.now() - 5 * 60_000,
        connected: true,
      }),
      deviceFixture({ id: "d2", name: "Old tablet" }),
    ];
    const view = render(<PairPhone />);
    const list = within(await view.findByTestId("devices"));
    const iphone = (await list.findByText("iPhone (Safari)")).closest("li")!;
    expect(iphone.textContent).toContain("connected");
    expect(iphone.textContent).toContain("192.168.1.32");
    expect(iphone.textContent).toContain("last seen 5 min ago");
    expect(list.getByText("Old tablet").closest("li")!.textContent).toContain("not connected");

    fireEvent.click(within(iphone).getByRole("button", { name: "Revoke" }));
    let dialog = within(await view.findByRole("dialog"));
    expect(dialog.getByText("iPhone (Safari)")).toBeTruthy();
    fireEvent.click(dialog.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(gone(view.queryByRole("dialog"))).toBe(true));
    expect(srv.requests.some((r) => r.method === "DELETE")).toBe(false);

    fireEvent.click(within(iphone).getByRole("button", { name: "Revoke" }));
    dialog = within(await view.findByRole("dialog"));
    fireEvent.click(dialog.getByRole("button", { name: "Revoke" }));
    await waitFor(() => expect(gone(list.queryByText("iPhone (Safari)"))).toBe(true));
    expect(srv.requests.filter((r) => r.method === "DELETE").map((r) => r.path)).toEqual(["/api/devices/d1"]);
    expect(view.queryByRole("dialog")).toBeNull();
    expect(list.getByText("Old tablet")).toBeTruthy();
  });

  test("a phone that pairs with the code on screen replaces the QR with its name", async () => {
    const view = render(<PairPhone />);
    fireEvent.click(await view.findByRole("button", { name: "Pair a phone" }));
    await view.findByTestId("pairing");
    devices = [deviceFixture({ id: "d7", name: "Pixel 8 (Chrome)", pairedAt: Date.now() })];
    // The device list is polled while a code is shown (PAIR_POLL_MS); a lan_status event asks at once.
    applyLanStatus(lanStatusFixture());
    await view.findByText(/Pixel 8 \(Chrome\) is paired/);
    expect(view.queryByTestId("pairing")).toBeNull();
    expect(view.getByRole("button", { name: "Pair another phone" })).toBeTruthy();
  });
});

describe("the QR image", () => {
  test("only an SVG document becomes an image; anything else is refused", () => {
    expect(qrImageSrc(QR_SVG)).toStartWith("data:image/svg+xml;charset=utf-8,%3Csvg");
    expect(qrImageSrc(`<?xml version="1.0"?>\n${QR_SVG}`)).toStartWith("data:image/svg+xml");
    expect(qrImageSrc('<img src=x onerror="alert(1)">')).toBeNull();
    expect(qrImageSrc("javascript:alert(1)")).toBeNull();
  });
});
