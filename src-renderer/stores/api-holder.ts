import type { ApiClient } from "../api/client";
import { desktopBridge } from "./desktop-bridge";

/** The one ApiClient of this page; tests install their own (pointed at a real local server). */
let current: ApiClient | null = null;

export function setApi(api: ApiClient): void {
  current = api;
}

export function getApi(): ApiClient {
  if (!current) throw new Error("API client not initialised: call initSession() first");
  return current;
}

const TOKEN_KEY = "milady.apiToken";

/** A paired phone's device token while the dashboard talks through that pairing (stores/connection.ts). */
let deviceToken: string | null = null;

export function setDeviceToken(token: string | null): void {
  deviceToken = token;
}

/**
 * The desktop app's own token first (it is the state dir's); then a paired phone's device token;
 * otherwise the one saved in this browser.
 */
export function getToken(): string | null {
  const desktop = desktopBridge()?.token;
  if (desktop) return desktop;
  if (deviceToken) return deviceToken;
  return savedToken();
}

/** The token pasted into this browser (Settings, the token dialog), if any. */
export function savedToken(): string | null {
  try {
    return globalThis.localStorage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token) globalThis.localStorage?.setItem(TOKEN_KEY, token);
    else globalThis.localStorage?.removeItem(TOKEN_KEY);
  } catch {
    // storage blocked: the token lives only for this page
  }
}
