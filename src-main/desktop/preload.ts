/**
 * The script the window runs before the dashboard's own: it hands the dashboard the API
 * token (when the server needs one) as `globalThis.__MILADY_DESKTOP__`, where the renderer's
 * getToken() looks first. The token never goes into a URL, where history and logs keep it.
 *
 * The webview runs a preload on every page it shows, so the value is defined only on the
 * Milady server's own origin: a page the user navigates to elsewhere never sees it.
 */
export function preloadScript(serverUrl: string, token: string | undefined): string {
  const origin = new URL(serverUrl).origin;
  const info = token ? { token } : {};
  return `if (location.origin === ${JSON.stringify(origin)}) Object.defineProperty(globalThis, "__MILADY_DESKTOP__", { value: Object.freeze(${JSON.stringify(info)}), configurable: false });`;
}
