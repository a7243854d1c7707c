import "../../testing/happy-dom";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { lanContract, systemContract } from "../../../src-shared/contracts";
import {
  closeSession,
  getToken,
  PAIRING_KEY,
  readPairing,
  resetConnection,
  startApp,
  useConnectionStore,
} from "../../stores";
import { statusFixture } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { FINGERPRINT, payloadFixture } from "../../testing/lan-fixtures";
import { type ScriptedServer, startScriptedServer, wireError } from "../../testing/scripted-server";
import { ConnectView } from "./connect-view";

const { cleanup, fireEvent, render, waitFor } = await import("@testing-library/react");

domForThisFile();

/** The desktop, as a phone on the LAN sees it. */
const desk = startScriptedServer();
/** Another Milady on the same network (a flatmate's): its id differs, so it never gets the code. */
const other = startScriptedServer();
/** An address nobody answers at (a VPN the phone is not on): the request hangs until the timeout. */
const dead = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Promise<Response>(() => {}) });
const deadUrl = `http://127.0.0.1:${dead.port}`;
afterAll(() => {
  desk.stop();
  other.stop();
  dead.stop(true);
});

/** A page opened from a LAN address; `.invalid` never resolves, should anything try to fetch it. */
const LAN_PAGE = { origin: "https://phone-test.invalid:2139", hostname: "192.168.1.20", protocol: "https:" };
const TIMEOUT_MS = 300;

function scriptDesk(srv: ScriptedServer, id: string, name: string) {
  srv.on(lanContract.routes.identity, () => ({ id, name, v: 1 as const }));
  srv.on(systemContract.routes.status, () => ({ ...statusFixture(), runId: "run-1", seq: 0 }));
}

beforeEach(() => {
  cleanup();
  localStorage.clear();
  resetConnection();
  for (const s of [desk, other]) s.requests.length = 0;
  scriptDesk(desk, "agent-1", "studio-mac");
  scriptDesk(other, "agent-2", "flatmate-pc");
  desk.on(lanContract.routes.pair, () => ({ status: "paired" as const, deviceId: "dev-1", token: "device-token-1" }));
  startApp({ location: LAN_PAGE, timeoutMs: TIMEOUT_MS, pollMs: 30, maxWaitMs: 3000 });
});
afterEach(() => {
  cleanup();
  closeSession();
  resetConnection();
});

/** Types the address and code and presses Connect. */
function typeAndConnect(view: ReturnType<typeof render>, address: string, code: string) {
  fireEvent.click(view.getByRole("tab", { name: "Type address and code" }));
  fireEvent.change(view.getByLabelText("Address"), { target: { value: address } });
  fireEvent.change(view.getByLabelText("Code"), { target: { value: code } });
  fireEvent.click(view.getByRole("button", { name: "Connect" }));
}

describe("Connect (a phone on the LAN, not paired yet)", () => {
  test("a page from a LAN address without a pairing opens on Connect", () => {
    expect(useConnectionStore.getState().screen).toBe("connect");
    expect(useConnectionStore.getState().paired).toBe(false);
  });

  test("typed address and code: pending, polled until approved, then stored and the dashboard uses the device token", async () => {
    let polls = 0;
    desk.on(lanContract.routes.pair, () => ({ status: "pending" as const, requestId: "req-1" }));
    desk.on(lanContract.routes.pairResult, (_req, params) => {
      expect(params.requestId).toBe("req-1");
      return ++polls < 3
        ? { status: "pending" as const, requestId: "req-1" }
        : { status: "paired" as const, deviceId: "dev-1", token: "device-token-1" };
    });
    const view = render(<ConnectView />);
    fireEvent.change(view.getByLabelText("This phone's name"), { target: { value: "Ana's phone" } });
    typeAndConnect(view, desk.url, "abcd efgh");
    await view.findByText("Waiting for approval on the desktop");
    expect(view.getByText(/studio-mac asks whether to let this phone in/)).toBeTruthy();
    await waitFor(() => expect(useConnectionStore.getState().screen).toBe("dashboard"));
    expect(polls).toBe(3);
    expect(desk.requests.find((r) => r.path === "/api/auth/pair")?.body).toEqual({
      code: "ABCDEFGH",
      deviceName: "Ana's phone",
    });

    const stored = JSON.parse(localStorage.getItem(PAIRING_KEY)!);
    expect(stored).toEqual({
      v: 1,
      id: "agent-1",
      name: "studio-mac",
      urls: [desk.url],
      deviceId: "dev-1",
      token: "device-token-1",
      pairedAt: expect.any(Number),
    });
    expect(useConnectionStore.getState().paired).toBe(true);
    expect(getToken()).toBe("device-token-1");
    // The dashboard's own calls now go to the desktop with the device's token.
    await waitFor(() =>
      expect(desk.requests.some((r) => r.path === "/api/status" && r.auth === "Bearer device-token-1")).toBe(true),
    );
    await waitFor(() => expect(desk.protocols.some((p) => p.includes("milady.bearer.device-token-1"))).toBe(true));
  });

  test("a wrong code says so and what to do; nothing is stored", async () => {
    desk.on(lanContract.routes.pair, () => wireError("unauthorized", "wrong code", 401));
    const view = render(<ConnectView />);
    typeAndConnect(view, desk.url, "ABCD-EFGX");
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain("That code is not right, or it was already used.");
    expect(alert.textContent).toContain("Check the code on the desktop");
    expect(localStorage.getItem(PAIRING_KEY)).toBeNull();
    expect(useConnectionStore.getState().screen).toBe("connect");
  });

  test("429 after too many tries: wait, even with the right code", async () => {
    desk.on(lanContract.routes.pair, () => wireError("rate_limited", "slow down", 429));
    const view = render(<ConnectView />);
    typeAndConnect(view, desk.url, "ABCDEFGH");
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain("Too many tries from this phone: wait a few minutes.");
    expect(alert.textContent).toContain("even for the right code");
  });

  test("denied on the desktop: said plainly", async () => {
    desk.on(lanContract.routes.pair, () => ({ status: "pending" as const, requestId: "req-2" }));
    desk.on(lanContract.routes.pairResult, () => ({ status: "denied" as const }));
    const view = render(<ConnectView />);
    typeAndConnect(view, desk.url, "ABCDEFGH");
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain("studio-mac said no to this phone.");
  });

  test("an address that does not answer fails within the timeout with what to check", async () => {
    const view = render(<ConnectView />);
    typeAndConnect(view, deadUrl, "ABCDEFGH");
    // The dead server never answers: an alert at all means the timeout fired (findByRole's 10 s
    // bound is far past TIMEOUT_MS, and "no answer" is the timeout's own wording).
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain(`The desktop did not answer at ${deadUrl} (no answer).`);
    expect(alert.textContent).toContain("same Wi-Fi");
  });

  test("the typed form checks the address and the code's length before trying anything", async () => {
    const view = render(<ConnectView />);
    typeAndConnect(view, "not a host !", "ABC");
    await view.findByText(/Type the address the desktop shows/);
    expect(view.getByText(/The code has 8 letters and digits/)).toBeTruthy();
    expect(desk.requests).toHaveLength(0);
  });
});

/** A camera that "sees" each text in turn, through a BarcodeDetector stand-in. */
function fakeCamera(texts: string[]) {
  const stopped: string[] = [];
  const g = globalThis as Record<string, unknown>;
  g.BarcodeDetector = class {
    static getSupportedFormats = async () => ["qr_code"];
    async detect() {
      const text = texts.length > 1 ? texts.shift()! : texts[0];
      return text === undefined ? [] : [{ rawValue: text }];
    }
  };
  Object.defineProperty(navigator, "mediaDevices", {
    configurable: true,
    value: {
      getUserMedia: async () => {
        // happy-dom's <video> takes only its own MediaStream; its tracks are what the test watches.
        const stream = new MediaStream();
        Object.assign(stream, { getTracks: () => [{ stop: () => stopped.push("video") }] });
        return stream;
      },
    },
  });
  return {
    stopped,
    restore() {
      delete g.BarcodeDetector;
      Object.defineProperty(navigator, "mediaDevices", { configurable: true, value: undefined });
    },
  };
}

describe("Connect by QR code", () => {
  test("a QR that is not a pairing code is refused with a message and scanning goes on; the right one pairs", async () => {
    const good = JSON.stringify(payloadFixture([deadUrl, other.url, desk.url]));
    const camera = fakeCamera(["hello", JSON.stringify({ v: 1, id: "x" }), good]);
    try {
      const view = render(<ConnectView />);
      await view.findByText(/That QR code is not a Milady pairing code/);
      // The QR's addresses in order: the dead one times out, the other agent is skipped by id.
      await waitFor(() => expect(useConnectionStore.getState().screen).toBe("dashboard"));
      expect(other.requests.map((r) => r.path)).toEqual(["/api/lan/identity"]);
      expect(desk.requests.find((r) => r.path === "/api/auth/pair")?.body).toMatchObject({ code: "ABCDEFGH" });
      const stored = readPairing()!;
      expect(stored.urls).toEqual([desk.url, deadUrl, other.url]);
      expect(stored.fingerprint).toBe(FINGERPRINT);
      expect(stored.id).toBe("agent-1");
      expect(camera.stopped).toEqual(["video"]);
    } finally {
      camera.restore();
    }
  });

  test("no camera (a page that is not HTTPS): switches to typing by itself and says why", async () => {
    Object.defineProperty(navigator, "mediaDevices", { configurable: true, value: undefined });
    const view = render(<ConnectView />);
    const note = await view.findByText(/no camera access/i);
    expect(note.textContent).toMatch(/type the address and code/i);
    expect(await view.findByLabelText("Address")).toBeTruthy();
    expect(view.getByRole("tab", { name: "Type address and code" }).getAttribute("aria-selected")).toBe("true");
  });
});
