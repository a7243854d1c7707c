/**
 * The service worker's one decision, kept pure so it is tested without a browser: what a
 * request gets. The API and the event socket are live data about a running agent (and carry
 * tokens): they always go to the network and are never stored. Only the app shell is cached.
 */

export type SwRoute =
  /** Not the service worker's business: the browser fetches it as if there were none. */
  | "network-only"
  /** A page load: the network first (a new build shows at once), the cached shell when offline. */
  | "shell-page"
  /** A content-hashed bundle: never changes under its name, so the cache answers first. */
  | "cache-first"
  /** Manifest, icons: the cached copy at once, refreshed from the network behind it. */
  | "stale-while-revalidate";

export const SHELL_CACHE_PREFIX = "milady-shell-";

export function shellCacheName(version: string): string {
  return `${SHELL_CACHE_PREFIX}${version}`;
}

export interface RequestInfo {
  method: string;
  url: string;
  /** Request.mode: "navigate" for a page load. */
  mode?: string;
}

/** Paths (relative to the scope) that are live data, never cached: /api/*, /ws. */
export function isLiveData(path: string): boolean {
  return path === "api" || path.startsWith("api/") || path === "ws" || path.startsWith("ws/") || path.startsWith("ws?");
}

/** `scope` is the service worker's registration scope (the dashboard's base URL, e.g. https://host:2139/). */
export function routeRequest(req: RequestInfo, scope: string): SwRoute {
  if (req.method !== "GET") return "network-only";
  let url: URL;
  let base: URL;
  try {
    url = new URL(req.url);
    base = new URL(scope);
  } catch {
    return "network-only";
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return "network-only";
  const path = url.pathname.slice(base.pathname.length);
  if (isLiveData(path)) return "network-only";
  if (req.mode === "navigate") return "shell-page";
  if (path.startsWith("assets/")) return "cache-first";
  if (path === "manifest.webmanifest" || path.startsWith("icons/")) return "stale-while-revalidate";
  if (path === "" || path === "index.html") return "shell-page";
  // Anything else (the service worker itself, files added later): straight to the network.
  return "network-only";
}
