import "../testing/happy-dom";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { conversationsContract, lanContract, systemContract } from "../../src-shared/contracts";
import { OfflineView } from "../features/connect";
import { statusFixture } from "../testing/fixtures";
import { domForThisFile } from "../testing/happy-dom";
import { FINGERPRINT } from "../testing/lan-fixtures";
import { startScriptedServer, wireError } from "../testing/scripted-server";
import { getApi, getToken } from "./api-holder";
import {
  isLoopbackHost,
  isOwnerPage,
  offlineDelay,
  resetConnection,
  retryNow,
  startApp,
  useConnectionStore,
} from "./connection";
import { PAIRING_KEY, readPairing, type StoredPairing, savePairing } from "./phone-pairing";
import { closeSession } from "./session";

const { cleanup, fireEvent, render, waitFor } = await import("@testing-library/react");

domForThisFile();
const desk = startScriptedServer();
const dead = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Promise<Response>(() => {}) });
const deadUrl = `http://127.0.0.1:${dead.port}`;
afterAll(() => {
  desk.stop();
  dead.stop(true);
});

/**
 * A page a phone opened from the desktop's LAN address. Its origin is the dead test server: the
 * tests never reach out to a real LAN address, and "the page's own origin first" is visible.
 */
const LAN_PAGE = { origin: deadUrl, hostname: "192.168.1.20", protocol: "http:" };
const env = { location: LAN_PAGE, timeoutMs: 250, random: () => 0.5 };

let statusAnswer: () => Response | ReturnType<typeof statusFixture>;
let identityUp = true;

function pairingFixture(over: Partial<StoredPairing> = {}): StoredPairing {
  return {
    v: 1,
    id: "agent-1",
    name: "studio-mac",
    urls: [deadUrl, desk.url],
    deviceId: "dev-1",
    token: "device-token-1",
    fingerprint: FINGERPRINT,
    pairedAt: 1,
    ...over,
  };
}

beforeEach(() => {
  cleanup();
  localStorage.clear();
  resetConnection();
  desk.requests.length = 0;
  identityUp = true;
  statusAnswer = () => statusFixture();
  desk.on(lanContract.routes.identity, () =>
    identityUp ? { id: "agent-1", name: "studio-mac", v: 1 as const } : wireError("internal", "down", 503),
  );
  desk.on(systemContract.routes.status, (req) => {
    if (req.headers.get("authorization") !== "Bearer device-token-1")
      return wireError("unauthorized", "token needed", 401);
    const answer = statusAnswer();
    return answer instanceof Response ? answer : { ...answer, runId: "run-1", seq: 0 };
  });
  desk.on(conversationsContract.routes.list, () => ({ conversations: [] }));
});
afterEach(() => {
  cleanup();
  closeSession();
  resetConnection();
});

describe("which screen a page starts on", () => {
  test("the desktop (loopback, or the app's window) is the owner: the dashboard, same origin, no pairing", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("192.168.1.20")).toBe(false);
    startApp({ location: { origin: "http://127.0.0.1:2138", hostname: "127.0.0.1", protocol: "http:" } });
    expect(useConnectionStore.getState()).toMatchObject({ screen: "dashboard", paired: false });
    expect(getApi().url(systemContract.routes.status)).toBe("/api/status");
    expect(isOwnerPage()).toBe(true);
  });

  test("the native app (Capacitor) is never the owner, even on localhost", () => {
    const g = globalThis as { Capacitor?: unknown };
    g.Capacitor = { isNativePlatform: () => true };
    try {
      startApp({ location: { origin: "https://localhost", hostname: "localhost", protocol: "https:" } });
      expect(isOwnerPage()).toBe(false);
      expect(useConnectionStore.getState().screen).toBe("connect");
    } finally {
      delete g.Capacitor;
    }
  });
});

describe("a paired phone coming back", () => {
  test("tries the stored addresses (the page's own first), skips a dead one, and opens the dashboard with the token", async () => {
    savePairing(pairingFixture({ urls: [desk.url] }));
    startApp(env);
    expect(useConnectionStore.getState().screen).toBe("connecting");
    await waitFor(() => expect(useConnectionStore.getState().screen).toBe("dashboard"));
    expect(useConnectionStore.getState().paired).toBe(true);
    expect(getToken()).toBe("device-token-1");
    expect(getApi().url(systemContract.routes.status)).toBe(`${desk.url}/api/status`);
    // The address that answered goes first next time.
    expect(readPairing()!.urls).toEqual([desk.url]);
    // The page's own origin was tried first (and timed out), then the stored address.
    expect(desk.requests[0]?.path).toBe("/api/lan/identity");
    // Past the reconnect's own check, the session's calls carry the device token too.
    await waitFor(() =>
      expect(
        desk.requests.filter((r) => r.path === "/api/status" && r.auth === "Bearer device-token-1").length,
      ).toBeGreaterThanOrEqual(2),
    );
  });

  test("a revoked pairing (401 with its token) goes back to Connect with a clear message, and is forgotten", async () => {
    savePairing(pairingFixture({ urls: [desk.url], token: "revoked-token" }));
    startApp(env);
    await waitFor(() => expect(useConnectionStore.getState().screen).toBe("connect"));
    expect(useConnectionStore.getState().notice?.message).toBe("This phone is no longer paired with studio-mac.");
    expect(localStorage.getItem(PAIRING_KEY)).toBeNull();
    expect(getToken()).toBeNull();
  });

  test("revoked while the dashboard is open: the next 401 from any call goes back to Connect", async () => {
    savePairing(pairingFixture({ urls: [desk.url] }));
    startApp(env);
    await waitFor(() => expect(useConnectionStore.getState().screen).toBe("dashboard"));
    desk.on(conversationsContract.routes.list, () => wireError("unauthorized", "revoked", 401));
    await getApi()
      .conversations.list()
      .catch(() => {});
    await waitFor(() => expect(useConnectionStore.getState().screen).toBe("connect"));
    expect(useConnectionStore.getState().notice?.message).toContain("no longer paired");
    expect(readPairing()).toBeNull();
  });

  test("an address answering as another agent is not sent the token", async () => {
    savePairing(pairingFixture({ id: "agent-9", urls: [desk.url] }));
    startApp(env);
    await waitFor(() => expect(useConnectionStore.getState().screen).toBe("offline"));
    expect(desk.requests.some((r) => r.auth !== null)).toBe(false);
    expect(useConnectionStore.getState().tried.map((t) => t.problem)).toEqual([
      "no answer",
      "another Milady answers there (studio-mac)",
    ]);
  });

  test("no address answers: the offline screen says so, retries by itself, and Retry tries at once", async () => {
    identityUp = false;
    // Each wait as the store schedules it, read when it is set: how long the test itself takes to
    // look (a loaded machine) does not shorten it.
    const waits: number[] = [];
    const unsubscribe = useConnectionStore.subscribe((s, prev) => {
      if (s.retryAt !== null && s.retryAt !== prev.retryAt) waits.push(s.retryAt - Date.now());
    });
    savePairing(pairingFixture({ urls: [desk.url] }));
    startApp(env);
    const view = render(<OfflineView />);
    await view.findByText("studio-mac is not reachable — is the desktop on and on the same Wi-Fi?", {});
    const first = useConnectionStore.getState().retryAt!;
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1000); // 2 s the first time (no jitter with random 0.5)
    await view.findByText(/Trying again in \d s\./);
    fireEvent.click(view.getByText("Addresses tried"));
    expect(view.getByText(deadUrl).parentElement!.textContent).toContain("no answer");

    // The automatic retry comes, fails again, and waits longer.
    await waitFor(() => expect(useConnectionStore.getState().retryAt).toBeGreaterThan(first));
    unsubscribe();
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(2500);

    identityUp = true;
    fireEvent.click(view.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(useConnectionStore.getState().screen).toBe("dashboard"));
  });

  test("retryNow does nothing while a try is already running", async () => {
    savePairing(pairingFixture({ urls: [deadUrl] }));
    startApp(env);
    retryNow();
    await waitFor(() => expect(useConnectionStore.getState().screen).toBe("offline"));
    // One pass over the addresses, not two (the page's own origin is the stored one here).
    expect(useConnectionStore.getState().tried).toEqual([{ url: deadUrl, problem: "no answer" }]);
  });
});

describe("offline backoff", () => {
  test("2 s doubling to 30 s, with jitter of ±20 %", () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => offlineDelay(n, mid))).toEqual([
      2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(offlineDelay(0, () => 0)).toBe(1600);
    expect(offlineDelay(0, () => 1)).toBe(2400);
  });
});
