import { create } from "zustand";
import { isApiError } from "../api/api-error";
import { createApiClient } from "../api/client";
import { savedToken, setDeviceToken } from "./api-holder";
import { desktopBridge } from "./desktop-bridge";
import {
  type Attempt,
  findAgent,
  forgetPairing,
  IDENTITY_TIMEOUT_MS,
  readPairing,
  type StoredPairing,
  savePairing,
  unique,
} from "./phone-pairing";
import { closeSession, initSession, type ServerEventHandlers } from "./session";

/**
 * Which screen the page shows, and through what it reaches Milady.
 *
 * - On the desktop (its window, or a browser on the same machine) the page is the owner: the
 *   dashboard, same origin, no token unless the server sets one (as before LAN access).
 * - Anywhere else (a phone on https://<lan-ip>:2139, the native app) it needs a pairing: the
 *   stored one is tried at every address it knows; without one, or when the server answers 401
 *   (the pairing was revoked), the Connect screen; when no address answers, the offline screen.
 */
export type Screen = "dashboard" | "connecting" | "connect" | "offline";

export interface ConnectionState {
  screen: Screen;
  /** The page reaches Milady as a paired phone (owner-only parts of the dashboard are hidden). */
  paired: boolean;
  /** Why Connect is shown: the pairing was revoked, the saved token refused. */
  notice: { message: string; fix?: string } | null;
  /** The desktop being reached (connecting, offline). */
  target: { name: string } | null;
  /** Offline: when the next automatic try starts, and what the last one met at each address. */
  retryAt: number | null;
  tried: Attempt[];
}

export const useConnectionStore = create<ConnectionState>(() => ({
  screen: "connecting",
  paired: false,
  notice: null,
  target: null,
  retryAt: null,
  tried: [],
}));

export interface AppEnv {
  /** The page's own location (injectable for tests). */
  location?: Pick<Location, "origin" | "hostname" | "protocol">;
  fetch?: typeof fetch;
  WebSocketImpl?: typeof WebSocket;
  handlers?: ServerEventHandlers[];
  /** Per-address wait when looking for the desktop. */
  timeoutMs?: number;
  /** A pending pairing's poll interval and bound (the Connect screen reads these). */
  pollMs?: number;
  maxWaitMs?: number;
  random?: () => number;
}

let env: AppEnv = {};
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let attempt = 0;

export function connectionEnv(): AppEnv {
  return env;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** Inside the Capacitor app the page comes from the app itself (capacitor://localhost), never from Milady. */
export function inNativeShell(): boolean {
  const cap = (globalThis as { Capacitor?: { isNativePlatform?: () => boolean } }).Capacitor;
  return cap?.isNativePlatform?.() === true;
}

function pageLocation() {
  return env.location ?? globalThis.location;
}

/** The page's origin when Milady itself served it (a phone that opened the LAN address), else null. */
function servedOrigin(): string | null {
  if (inNativeShell()) return null;
  const loc = pageLocation();
  return loc && (loc.protocol === "https:" || loc.protocol === "http:") ? loc.origin : null;
}

/** The owner: the desktop app's window, or a page on this machine. Everything else pairs. */
export function isOwnerPage(): boolean {
  if (inNativeShell()) return false;
  if (desktopBridge()) return true;
  return isLoopbackHost(pageLocation()?.hostname ?? "");
}

/** Chooses the first screen and starts the session that goes with it. */
export function startApp(appEnv: AppEnv = {}): void {
  env = appEnv;
  clearRetry();
  attempt = 0;
  if (isOwnerPage()) {
    openSession({ baseUrl: "" });
    useConnectionStore.setState({ screen: "dashboard", paired: false, notice: null });
    return;
  }
  if (readPairing()) {
    void reconnect();
    return;
  }
  if (savedToken() && servedOrigin()) {
    // A browser given the owner token by hand (Settings' token form) keeps working as before.
    openSession({
      baseUrl: "",
      onUnauthorized: () =>
        showConnect({
          message: "The server refused the API token saved in this browser.",
          fix: "Pair this device with the code from the desktop instead, or paste the right token (milady token).",
        }),
    });
    useConnectionStore.setState({ screen: "dashboard", paired: false, notice: null });
    return;
  }
  showConnect(null);
}

function openSession(opts: {
  baseUrl: string;
  onUnauthorized?: () => void;
  onUnreachable?: () => void;
  fetch?: typeof fetch;
}): void {
  initSession({
    baseUrl: opts.baseUrl,
    fetch: opts.fetch ?? env.fetch,
    WebSocketImpl: env.WebSocketImpl,
    handlers: env.handlers,
    onUnauthorized: opts.onUnauthorized,
    onUnreachable: opts.onUnreachable,
  });
}

/** Connect, with why (null: a first pairing). Ends any session and forgets nothing but the token in use. */
export function showConnect(notice: ConnectionState["notice"]): void {
  clearRetry();
  closeSession();
  setDeviceToken(null);
  useConnectionStore.setState({ screen: "connect", paired: false, notice, target: null, retryAt: null, tried: [] });
}

/** The dashboard, talking to `url` with the pairing's token; any 401 from then on means it was revoked. */
export function openPairedDashboard(pairing: StoredPairing, url: string): void {
  clearRetry();
  attempt = 0;
  setDeviceToken(pairing.token);
  const revoked = () => pairingRevoked(pairing);
  const base = env.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  // Every call, not only the status poll: a chat sent right after the revocation says so too.
  const watched: typeof fetch = Object.assign(
    async (...args: Parameters<typeof fetch>) => {
      const res = await base(...args);
      if (res.status === 401) queueMicrotask(revoked);
      return res;
    },
    { preconnect: () => {} },
  );
  openSession({
    baseUrl: url === servedOrigin() ? "" : url,
    onUnauthorized: revoked,
    // The desktop went away (quit, asleep, another network): look for it again, else the offline screen.
    onUnreachable: () => {
      closeSession();
      void reconnect();
    },
    fetch: watched,
  });
  useConnectionStore.setState({
    screen: "dashboard",
    paired: true,
    notice: null,
    target: { name: pairing.name },
    retryAt: null,
    tried: [],
  });
}

function pairingRevoked(pairing: StoredPairing): void {
  if (useConnectionStore.getState().screen === "connect") return;
  forgetPairing();
  showConnect({
    message: `This phone is no longer paired with ${pairing.name}.`,
    fix: "It was removed on the desktop. Pair it again: on the desktop, open Settings and choose Pair a phone.",
  });
}

/** Forget the pairing on purpose (the offline screen's "Pair again"). */
export function unpair(): void {
  forgetPairing();
  showConnect(null);
}

/** Offline retries: 2 s doubling to 30 s, ±20 % so phones do not come back in lockstep. */
export function offlineDelay(n: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 2000 * 2 ** Math.max(0, n));
  return Math.round(base * (0.8 + 0.4 * random()));
}

function clearRetry(): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
}

/** Tries the stored pairing at the page's own origin first, then every address it knows. */
export async function reconnect(): Promise<void> {
  const pairing = readPairing();
  if (!pairing) {
    showConnect(null);
    return;
  }
  clearRetry();
  const state = useConnectionStore.getState();
  useConnectionStore.setState({
    screen: state.screen === "offline" ? "offline" : "connecting",
    target: { name: pairing.name },
    retryAt: null,
  });
  const origin = servedOrigin();
  const candidates = unique([...(origin ? [origin] : []), ...pairing.urls]);
  const timeoutMs = env.timeoutMs ?? IDENTITY_TIMEOUT_MS;
  const { found, attempts } = await findAgent(candidates, { expectId: pairing.id, timeoutMs, fetch: env.fetch });
  if (!found) {
    goOffline(pairing, attempts);
    return;
  }
  // The identity is public: only a call with the token tells whether this phone is still paired.
  const api = createApiClient({ baseUrl: found.url, getToken: () => pairing.token, fetch: env.fetch });
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs * 2);
  try {
    await api.system.status(undefined, { signal: timeout.signal });
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      pairingRevoked(pairing);
      return;
    }
    goOffline(pairing, [...attempts, { url: found.url, problem: e instanceof Error ? e.message : String(e) }]);
    return;
  } finally {
    clearTimeout(timer);
  }
  const urls = unique([found.url, ...pairing.urls]);
  const current = urls.join(" ") === pairing.urls.join(" ") ? pairing : { ...pairing, urls };
  if (current !== pairing) savePairing(current);
  openPairedDashboard(current, found.url);
}

function goOffline(pairing: StoredPairing, tried: Attempt[]): void {
  const delay = offlineDelay(attempt++, env.random);
  useConnectionStore.setState({
    screen: "offline",
    paired: false,
    target: { name: pairing.name },
    retryAt: Date.now() + delay,
    tried,
  });
  retryTimer = setTimeout(() => void reconnect(), delay);
}

/** Retry now (the offline screen's button, the browser coming back online). */
export function retryNow(): void {
  if (useConnectionStore.getState().retryAt === null) return;
  void reconnect();
}

/** Tests: back to the first screen with no timers left. */
export function resetConnection(): void {
  clearRetry();
  attempt = 0;
  env = {};
  setDeviceToken(null);
  useConnectionStore.setState({
    screen: "connecting",
    paired: false,
    notice: null,
    target: null,
    retryAt: null,
    tried: [],
  });
}
