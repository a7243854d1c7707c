import { describe, expect, test } from "bun:test";
import { type SwEnvironment, shouldRegisterServiceWorker } from "./register";
import { isLiveData, routeRequest, SHELL_CACHE_PREFIX, shellCacheName } from "./sw-routing";

const SCOPE = "https://192.168.1.20:2139/";
const get = (path: string, mode = "cors") => routeRequest({ method: "GET", url: `${SCOPE}${path}`, mode }, SCOPE);

describe("the service worker's rule: what is cached", () => {
  test("/api and /ws are never cached, whatever the method or mode", () => {
    for (const path of [
      "api/status",
      "api/conversations/c1/messages?limit=50",
      "api/avatar/file",
      "api",
      "ws",
      "ws?since=3",
    ]) {
      expect(get(path)).toBe("network-only");
      expect(get(path, "navigate")).toBe("network-only");
    }
    expect(routeRequest({ method: "POST", url: `${SCOPE}api/auth/pair` }, SCOPE)).toBe("network-only");
    expect(isLiveData("apix")).toBe(false);
    expect(isLiveData("wsx.js")).toBe(false);
  });

  test("the app shell: pages network-first, hashed bundles from the cache, manifest and icons refreshed behind", () => {
    expect(get("", "navigate")).toBe("shell-page");
    expect(get("index.html")).toBe("shell-page");
    expect(get("settings", "navigate")).toBe("shell-page");
    expect(get("assets/index-B4XJJGpe.js")).toBe("cache-first");
    expect(get("assets/index-ChCwdLlo.css")).toBe("cache-first");
    expect(get("manifest.webmanifest")).toBe("stale-while-revalidate");
    expect(get("icons/icon-192.png")).toBe("stale-while-revalidate");
  });

  test("other origins, non-GET requests, and the worker itself go to the network", () => {
    expect(routeRequest({ method: "GET", url: "https://192.168.1.21:2139/assets/x.js" }, SCOPE)).toBe("network-only");
    expect(routeRequest({ method: "PUT", url: `${SCOPE}assets/x.js` }, SCOPE)).toBe("network-only");
    expect(get("sw.js")).toBe("network-only");
    expect(routeRequest({ method: "GET", url: "not a url" }, SCOPE)).toBe("network-only");
  });

  test("inside a sub-path scope, /api of that scope is live data too", () => {
    const scope = "https://host/milady/";
    expect(routeRequest({ method: "GET", url: "https://host/milady/api/status" }, scope)).toBe("network-only");
    expect(routeRequest({ method: "GET", url: "https://host/milady/assets/a.js" }, scope)).toBe("cache-first");
    expect(routeRequest({ method: "GET", url: "https://host/other/assets/a.js" }, scope)).toBe("network-only");
  });

  test("caches are named per build version, under one prefix the worker cleans up", () => {
    expect(shellCacheName("abc")).toBe(`${SHELL_CACHE_PREFIX}abc`);
    expect(shellCacheName("abc")).not.toBe(shellCacheName("abd"));
  });
});

describe("when the service worker is registered", () => {
  const env = (over: Partial<SwEnvironment> = {}): SwEnvironment => ({
    secure: true,
    supported: true,
    desktop: false,
    automated: false,
    forced: false,
    dev: false,
    ...over,
  });

  test("a phone's browser on HTTPS (or localhost): yes", () => {
    expect(shouldRegisterServiceWorker(env())).toBe(true);
  });

  test("not on plain http, not in the desktop window, not in dev, not under a test browser unless asked", () => {
    expect(shouldRegisterServiceWorker(env({ secure: false }))).toBe(false);
    expect(shouldRegisterServiceWorker(env({ supported: false }))).toBe(false);
    expect(shouldRegisterServiceWorker(env({ desktop: true }))).toBe(false);
    expect(shouldRegisterServiceWorker(env({ dev: true }))).toBe(false);
    expect(shouldRegisterServiceWorker(env({ automated: true }))).toBe(false);
    expect(shouldRegisterServiceWorker(env({ automated: true, forced: true }))).toBe(true);
  });
});
