/**
 * DesktopShell on Electrobun 1.18.1: the only file that touches Electrobun. It is loaded by
 * `electrobunLauncher` (index.ts) with a dynamic import inside the built app, after the state
 * dir's lock is ours: importing `electrobun/bun` opens an RPC port, replaces process.exit and
 * installs signal handlers. It maps calls one to one and keeps no policy of its own; it cannot
 * run on CI (no native runtime there), so it stays this thin and is checked by the compiler.
 *
 * The app's electrobun.config must set `runtime.exitOnLastWindowClosed: false`: closing the
 * window keeps Milady in the tray, and quitting is the desktop layer's decision.
 */
import { join } from "node:path";
import type { ApplicationMenuItemConfig, MenuItemConfig } from "electrobun/bun";
import { APP_ROOT } from "../app/paths";
import { appChannel, readStagedRelease } from "./release-channel";
import type {
  DesktopShell,
  DisplayArea,
  MenuItem,
  Rect,
  ShellTray,
  ShellWindow,
  TrayIconState,
  WindowEvent,
  WindowOptions,
} from "./shell";
import { shellUpdaterFrom } from "./updates/electrobun-updater";

type Electrobun = typeof import("electrobun/bun");

/**
 * Tray images, one per state, made by `npm run build:icons` into dist/icons/tray (staged with the app).
 * macOS gets the one-colour template variant, which the menu bar tints for light and dark mode.
 */
const TEMPLATE_TRAY = process.platform === "darwin";
const trayImage = (state: TrayIconState) =>
  join(APP_ROOT, "dist", "icons", "tray", TEMPLATE_TRAY ? `${state}-template.png` : `${state}.png`);

function trayItems(items: MenuItem[]): MenuItemConfig[] {
  return items.map((item): MenuItemConfig => {
    if (!("label" in item)) return { type: "divider" };
    return {
      type: "normal",
      label: item.label,
      action: item.action,
      enabled: item.enabled,
      checked: item.checked,
      ...(item.submenu ? { submenu: trayItems(item.submenu) } : {}),
    };
  });
}

function appItems(items: MenuItem[]): ApplicationMenuItemConfig[] {
  return items.map((item): ApplicationMenuItemConfig => {
    if (!("label" in item)) return { type: "divider" };
    const submenu = item.submenu ? { submenu: appItems(item.submenu) } : {};
    // Electrobun takes a role or an action, not both.
    if (item.role) return { label: item.label, role: item.role, accelerator: item.accelerator, ...submenu };
    return {
      label: item.label,
      action: item.action,
      enabled: item.enabled,
      checked: item.checked,
      accelerator: item.accelerator,
      ...submenu,
    };
  });
}

/** Electrobun's window events carry `{data: {id, …}}`; the desktop layer only needs to know one happened. */
function wrapWindow(eb: Electrobun, options: WindowOptions): ShellWindow {
  const win = new eb.BrowserWindow({
    title: options.title,
    url: options.url,
    preload: options.preload ?? null,
    frame: options.frame,
  });
  let last: Rect = { ...options.frame };
  let closed = false;
  win.on("close", () => {
    closed = true;
  });
  return {
    id: win.id,
    frame() {
      // A closed window has no native frame to ask for: answer its last one.
      if (!closed) last = win.getFrame();
      return { ...last };
    },
    setFrame(frame) {
      last = { ...frame };
      win.setFrame(frame.x, frame.y, frame.width, frame.height);
    },
    show: () => win.show(),
    hide: () => win.hide(),
    focus: () => {
      if (win.isMinimized()) win.unminimize();
      win.activate();
    },
    close: () => win.close(),
    loadUrl: (url) => win.webview.loadURL(url),
    reload: () => win.webview.executeJavascript("location.reload()"),
    setZoom: (level) => win.setPageZoom(level),
    toggleDevTools: () => win.webview.toggleDevTools(),
    on: (event: WindowEvent, handler) => win.on(event, () => handler()),
  };
}

function wrapTray(eb: Electrobun, options: { state: TrayIconState; tooltip: string }): ShellTray {
  const tray = new eb.Tray({ image: trayImage(options.state), template: TEMPLATE_TRAY, width: 22, height: 22 });
  const actions: Array<(action: string) => void> = [];
  const clicks: Array<() => void> = [];
  // One event for both: an empty action is a click on the icon, anything else a menu item.
  tray.on("tray-clicked", (event) => {
    const action = (event as { data?: { action?: unknown } }).data?.action;
    if (typeof action === "string" && action !== "") for (const handler of actions) handler(action);
    else for (const handler of clicks) handler();
  });
  return {
    setMenu: (items) => tray.setMenu(trayItems(items)),
    setIcon: (state) => tray.setImage(trayImage(state)),
    // Electrobun 1.18.1 has no tray tooltip; the menu's first line carries the same status.
    setTooltip: () => undefined,
    onAction: (handler) => void actions.push(handler),
    onClick: (handler) => void clicks.push(handler),
    remove: () => tray.remove(),
  };
}

export async function createElectrobunShell(): Promise<DesktopShell> {
  const eb: Electrobun = await import("electrobun/bun");
  let onQuit: (() => boolean) | undefined;
  let onUrl: ((url: string) => void) | undefined;
  const earlyUrls: string[] = [];

  // Listening before the first await: the URL that launched the app (macOS) arrives early, and
  // every quit passes here (Utils.quit, the replaced process.exit, Cmd+Q, SIGTERM): the app decides.
  eb.default.events.on("before-quit", (event: { response?: { allow: boolean } }) => {
    if (onQuit && !onQuit()) event.response = { allow: false };
  });
  eb.default.events.on("open-url", (event: { data?: { url?: unknown } }) => {
    const url = event.data?.url;
    if (typeof url !== "string") return;
    if (onUrl) onUrl(url);
    else if (earlyUrls.length < 8) earlyUrls.push(url);
  });

  const local = await eb.Updater.getLocalInfo();
  const identifier = local.identifier || "app.milady.desktop";
  const channel = appChannel(local.channel, readStagedRelease(APP_ROOT));
  const updater = shellUpdaterFrom(eb.Updater);

  return {
    platform: process.platform,
    devBuild: local.channel === "dev" || local.channel === "",
    userDataDir: join(eb.Utils.paths.appData, identifier, local.channel || "dev"),
    // The beta app's version.json says stable: report the channel the user installed.
    updater: {
      ...updater,
      localInfo: async () => ({ ...(await updater.localInfo()), channel }),
    },
    openWindow: (options) => wrapWindow(eb, options),
    displays(): DisplayArea[] {
      const all = eb.Screen.getAllDisplays();
      return [...all].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary)).map((d) => ({ ...d.workArea }));
    },
    createTray: (options) => wrapTray(eb, options),
    setApplicationMenu: (items) => eb.ApplicationMenu.setApplicationMenu(appItems(items)),
    onMenuAction(handler) {
      eb.ApplicationMenu.on("application-menu-clicked", (event) => {
        const action = (event as { data?: { action?: unknown } }).data?.action;
        if (typeof action === "string" && action !== "") handler(action);
      });
    },
    notify: ({ title, body }) => eb.Utils.showNotification({ title, body }),
    onOpenUrl(handler) {
      onUrl = handler;
      for (const url of earlyUrls.splice(0)) handler(url);
    },
    onQuitRequested(handler) {
      onQuit = handler;
    },
    quit: () => eb.Utils.quit(),
  };
}
