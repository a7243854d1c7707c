import { inDesktopApp } from "../stores";

export interface SwEnvironment {
  /** https, or http on localhost: browsers allow service workers nowhere else. */
  secure: boolean;
  supported: boolean;
  /** The desktop app's window: it is not installed as an app and must always show the current build. */
  desktop: boolean;
  /** Driven by a test browser (navigator.webdriver): a test that wants it sets __MILADY_SW__. */
  automated: boolean;
  forced: boolean;
  /** Vite's dev server: no sw.js there, and caching would fight hot reload. */
  dev: boolean;
}

export function shouldRegisterServiceWorker(env: SwEnvironment): boolean {
  if (!env.secure || !env.supported || env.desktop || env.dev) return false;
  return !env.automated || env.forced;
}

export function currentSwEnvironment(): SwEnvironment {
  const g = globalThis as { isSecureContext?: boolean; __MILADY_SW__?: unknown; navigator?: Navigator };
  const meta = import.meta as { env?: { DEV?: boolean } };
  return {
    secure: g.isSecureContext === true,
    supported: !!g.navigator && "serviceWorker" in g.navigator,
    desktop: inDesktopApp(),
    automated: g.navigator?.webdriver === true,
    forced: g.__MILADY_SW__ === true,
    dev: meta.env?.DEV === true,
  };
}

/** Registers sw.js next to index.html once the page has loaded (it must not compete with the first paint). */
export function registerServiceWorker(env: SwEnvironment = currentSwEnvironment()): boolean {
  if (!shouldRegisterServiceWorker(env)) return false;
  const register = () => {
    navigator.serviceWorker.register("./sw.js").catch((e) => {
      // The app works without it (no offline shell, no install): worth a line, not an error screen.
      console.warn("service worker not registered", e);
    });
  };
  if (document.readyState === "complete") register();
  else globalThis.addEventListener("load", register, { once: true });
  return true;
}
