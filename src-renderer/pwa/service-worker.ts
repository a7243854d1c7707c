/**
 * The dashboard's service worker (dist/renderer/sw.js, bundled by build/build-renderer.ts, which
 * defines the build's version and its app-shell files). It keeps the shell so the installed app
 * opens without the desktop (and then says the desktop is not reachable); it never touches /api
 * or /ws (sw-routing.ts). A new build has a new version: it caches its own shell and deletes
 * the old caches once it takes over.
 */
import { routeRequest, SHELL_CACHE_PREFIX, shellCacheName } from "./sw-routing";

declare const __SHELL_VERSION__: string;
declare const __SHELL_FILES__: string[];

// The DOM lib has no service worker types (they clash with it): the few members used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", fn: (e: FetchEvent) => void): void;
}

const sw = self as unknown as ServiceWorkerScope;
const CACHE = shellCacheName(__SHELL_VERSION__);
const scope = () => sw.registration.scope;
const inScope = (path: string) => new URL(path, scope()).href;

sw.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(__SHELL_FILES__.map(inScope));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(SHELL_CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

/**
 * A phone whose desktop is off often gets no refusal, only silence (the address is on the LAN but
 * nobody answers), and the OS gives up after a minute: the cached shell is shown after this long.
 */
const PAGE_TIMEOUT_MS = 3000;

async function shellPage(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(inScope("index.html"));
  if (!cached) return fetch(request);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PAGE_TIMEOUT_MS);
  try {
    // A navigate-mode Request cannot be re-made with an init (Chrome throws): fetch its URL instead.
    return await fetch(request.url, { signal: controller.signal, headers: { Accept: "text/html" } });
  } catch {
    return cached;
  } finally {
    clearTimeout(timer);
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

async function staleWhileRevalidate(request: Request, event: FetchEvent): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  const fresh = fetch(request).then(async (res) => {
    if (res.ok) await cache.put(request, res.clone());
    return res;
  });
  if (hit) {
    event.waitUntil(fresh.catch(() => undefined));
    return hit;
  }
  return fresh;
}

sw.addEventListener("fetch", (event) => {
  const { request } = event;
  const route = routeRequest({ method: request.method, url: request.url, mode: request.mode }, scope());
  if (route === "network-only") return; // no respondWith: the browser goes to the network itself
  if (route === "shell-page") event.respondWith(shellPage(request));
  else if (route === "cache-first") event.respondWith(cacheFirst(request));
  else event.respondWith(staleWhileRevalidate(request, event));
});
