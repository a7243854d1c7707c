/**
 * What the desktop app's window defines before this page's scripts run (its preload sets
 * `globalThis.__MILADY_DESKTOP__`, on the Milady server's origin only). Absent in a browser tab.
 */
export interface DesktopBridge {
  /** The API token, when the server needs one: the window gets it here, never in its URL. */
  token?: string;
}

export function desktopBridge(): DesktopBridge | undefined {
  const value = (globalThis as { __MILADY_DESKTOP__?: unknown }).__MILADY_DESKTOP__;
  if (!value || typeof value !== "object") return undefined;
  const token = (value as { token?: unknown }).token;
  return typeof token === "string" && token.length > 0 ? { token } : {};
}

/** True inside the desktop app's window. */
export function inDesktopApp(): boolean {
  return desktopBridge() !== undefined;
}
