import {
  type AgentAction,
  agentActionsFor,
  dashboardFragment,
  describeLink,
  parseDeepLink,
  type StatusSnapshot,
} from "../../src-shared/protocol";
import type { AgentController } from "../agent-host/types";
import type { DesktopCore } from "../app/headless";
import { defineService, type Service } from "../app/service-host";
import type { ConfigStore } from "../config";
import type { Logger } from "../logging";
import type { DesktopControl } from "../server";
import { ELIZAOS_VERSION, VERSION } from "../version";
import { aboutText, appMenu } from "./app-menu";
import { DesktopStateFile, desktopStatePath } from "./desktop-state";
import { MainWindow } from "./main-window";
import { agentActionOf, isMenuAction, type MenuAction } from "./menu-actions";
import { updatesNotSetUp } from "./no-updates";
import { preloadScript } from "./preload";
import type { DesktopShell, MenuItem, ShellTray } from "./shell";
import { trayIcon, trayMenu, trayTooltip } from "./tray-menu";
import type { DesktopUpdates } from "./update-port";
import { startDesktopUpdates } from "./updates";

/**
 * The desktop app: the dashboard window, the tray, the application menu and deep links,
 * over the headless app. It runs as the last service before autostart (the window paints
 * while the agent starts) and stops first. Everything here is written against DesktopShell;
 * Electrobun is loaded only by `electrobunLauncher`, with a dynamic import, on this path.
 */

export interface DesktopLauncher {
  /** Makes the shell. The app's launcher loads Electrobun here, and nowhere else. */
  createShell(): Promise<DesktopShell>;
}

export const electrobunLauncher: DesktopLauncher = {
  async createShell() {
    const { createElectrobunShell } = await import("./electrobun-shell");
    return createElectrobunShell();
  },
};

/** What the desktop layer needs from the app: narrow, so tests can give it a test server and fakes. */
export interface DesktopInput {
  agent: AgentController;
  config: ConfigStore;
  /** The local server's address (the lock and run file name the same). */
  serverUrl: string;
  logger: Logger;
  /** The server's POST /api/desktop/focus reaches the layer through it. */
  link?: { attach(target: DesktopControl): void; detach(): void };
  shutdown(code?: number): Promise<unknown>;
  /** LAN access, for the tray's LAN Access and Pair Phone items (absent: no LAN items). */
  lan?: DesktopLan;
  /** Plugs the update policy over `shell.updater` in (src-main/desktop/updates/); without it the menus say updates are not set up. */
  startUpdates?(shell: DesktopShell): DesktopUpdates;
}

/** The part of LAN access (src-main/lan/lan-access.ts) the tray uses. */
export interface DesktopLan {
  status(): { enabled: boolean; problem?: string };
  set(enabled: boolean): Promise<unknown>;
  onStatus(listener: () => void): () => void;
  onPairRequest(listener: (request: { deviceName: string; address: string }) => void): () => void;
}

export interface DesktopOptions {
  launcher: DesktopLauncher;
  /** A `milady://` link from this launch's argv (the OS started the app to open it). */
  initialLink?: string;
}

export interface RunningDesktop {
  shell: DesktopShell;
  window: MainWindow;
  /** Brings the window forward, following `link` when it is one Milady knows. */
  focus(link: string | undefined): Promise<"opened" | "ignored" | "none">;
  stop(): Promise<void>;
}

const CLOSE_TO_TRAY_NOTICE = "close-to-tray";

export async function startDesktop(input: DesktopInput, options: DesktopOptions): Promise<RunningDesktop> {
  const { agent, config, logger: log } = input;
  const shell = await options.launcher.createShell();
  const updates = input.startUpdates?.(shell) ?? updatesNotSetUp(shell, VERSION);
  const state = new DesktopStateFile(desktopStatePath(config.paths.stateDir), { onError: (m) => log.warn(m) });
  let leaving = false;

  const quit = () => {
    if (leaving) return;
    leaving = true;
    mainWindow.hideForQuit();
    void input.shutdown(0);
  };

  const mainWindow = new MainWindow(shell, {
    serverUrl: input.serverUrl,
    // Read now: the server has already made (and stored) a token if its bind needs one.
    preload: preloadScript(input.serverUrl, config.secrets().MILADY_API_TOKEN),
    state,
    onClosed: () => {
      if (leaving) return;
      if (!config.current().desktop.closeToTray) {
        log.info("window closed and desktop.closeToTray is off: quitting");
        quit();
        return;
      }
      log.info("window closed; Milady keeps running in the tray");
      if (!state.noticeShown(CLOSE_TO_TRAY_NOTICE)) {
        shell.notify({
          title: "Milady is still running",
          body: "The agent keeps running in the tray. Open Dashboard brings the window back; Quit Milady stops it.",
        });
        state.markNotice(CLOSE_TO_TRAY_NOTICE);
      }
    },
  });

  /** A link from outside: strictly parsed; an unknown one is never followed and never logged in full. */
  const follow = (raw: string | undefined): "opened" | "ignored" | "none" => {
    if (raw === undefined) {
      mainWindow.open();
      return "none";
    }
    const parsed = parseDeepLink(raw);
    if (!parsed.ok) {
      log.warn(`ignored ${describeLink(raw)}: ${parsed.reason}`);
      mainWindow.open();
      return "ignored";
    }
    log.info(`opening ${describeLink(raw)}`);
    mainWindow.open(dashboardFragment(parsed.link));
    return "opened";
  };

  // The window first, at the link when the OS launched the app for one; the menus after it exists.
  follow(options.initialLink);

  let status: StatusSnapshot = agent.status();
  let shownAppMenu = "";
  const renderAppMenu = () => {
    const items = appMenu({
      devBuild: shell.devBuild,
      updates: updates.menuState(),
      canRestartAgent: agentActionsFor(status.state).includes("restart"),
    });
    const key = JSON.stringify(items);
    if (key !== shownAppMenu) shell.setApplicationMenu(items);
    shownAppMenu = key;
  };
  renderAppMenu();

  const tray: ShellTray = shell.createTray({ state: trayIcon(status), tooltip: trayTooltip(status) });
  let shownTray = { menu: "", icon: trayIcon(status), tooltip: trayTooltip(status) };
  const renderTray = () => {
    const menu: MenuItem[] = trayMenu(status, updates.menuState(), input.lan?.status());
    const next = { menu: JSON.stringify(menu), icon: trayIcon(status), tooltip: trayTooltip(status) };
    if (next.menu !== shownTray.menu) tray.setMenu(menu);
    if (next.icon !== shownTray.icon) tray.setIcon(next.icon);
    if (next.tooltip !== shownTray.tooltip) tray.setTooltip(next.tooltip);
    shownTray = next;
  };
  renderTray();

  const runAgent = (action: AgentAction) => {
    // The menu may be a click behind the state: do only what the state allows now.
    if (!agentActionsFor(agent.status().state).includes(action)) {
      log.info(`ignored "${action}" from the menu: the agent is ${agent.status().state}`);
      return;
    }
    agent[action]().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log.warn(`${action} from the menu failed: ${message}`);
      shell.notify({ title: `Could not ${action} the agent`, body: message });
    });
  };

  const toggleLan = async () => {
    if (!input.lan) return;
    const on = !input.lan.status().enabled;
    try {
      await input.lan.set(on);
      const now = input.lan.status();
      if (on && !now.enabled && now.problem) shell.notify({ title: "LAN access did not start", body: now.problem });
    } catch (error) {
      shell.notify({
        title: "Could not change LAN access",
        body: error instanceof Error ? error.message : String(error),
      });
    }
  };

  const act = (action: MenuAction) => {
    const agentAction = agentActionOf(action);
    if (agentAction) return runAgent(agentAction);
    switch (action) {
      case "open-dashboard":
        return void mainWindow.open();
      case "settings":
        return void mainWindow.open(dashboardFragment({ kind: "settings" }));
      case "about":
        return shell.notify(aboutText({ milady: VERSION, elizaos: ELIZAOS_VERSION, bun: Bun.version }));
      case "check-updates":
        return void updates.checkNow().catch((e: unknown) => log.warn(`update check failed: ${String(e)}`));
      case "restart-to-update":
        return void updates.restartToUpdate().catch((e: unknown) => log.warn(`restart to update failed: ${String(e)}`));
      case "reset-window":
        return mainWindow.resetPosition();
      case "reload":
        return mainWindow.reload();
      case "zoom-in":
        return mainWindow.zoomBy(1);
      case "zoom-out":
        return mainWindow.zoomBy(-1);
      case "zoom-reset":
        return mainWindow.zoomBy(0);
      case "dev-tools":
        return shell.devBuild ? mainWindow.toggleDevTools() : undefined;
      case "toggle-lan":
        return void toggleLan();
      case "pair-phone":
        return void mainWindow.open(dashboardFragment({ kind: "pair" }));
      case "quit":
        return quit();
    }
  };
  const onMenu = (action: string) => {
    if (!isMenuAction(action)) {
      log.warn("ignored a menu click with an unknown action");
      return;
    }
    act(action);
  };

  tray.onAction(onMenu);
  tray.onClick(() => void mainWindow.open());
  shell.onMenuAction(onMenu);
  shell.onOpenUrl((url) => void follow(url));
  // Cmd+Q, the dock, a signal: shut down gracefully; the exit at its end goes through.
  shell.onQuitRequested(() => {
    if (leaving) return true;
    quit();
    return false;
  });
  const offStatus = agent.onStatus((next) => {
    status = next;
    renderTray();
    renderAppMenu();
  });
  const offUpdates = updates.onChange(() => {
    renderTray();
    renderAppMenu();
  });
  const offLan = input.lan?.onStatus(renderTray);
  // With approval on, a phone waits for the owner: say so even when the window is closed to the tray.
  const offPairRequests = input.lan?.onPairRequest((request) =>
    shell.notify({
      title: `${request.deviceName} wants to pair`,
      body: `From ${request.address}. Approve or deny it under "Pair a phone" in the Settings tab.`,
    }),
  );
  const focus = async (link: string | undefined) => follow(link);
  input.link?.attach({ focus });
  log.info("desktop window, tray and menus are up");

  return {
    shell,
    window: mainWindow,
    focus,
    async stop() {
      leaving = true;
      input.link?.detach();
      offStatus();
      offUpdates();
      offLan?.();
      offPairRequests?.();
      mainWindow.hideForQuit();
      if (state.pending) state.flush();
      tray.remove();
    },
  };
}

/** The desktop layer as one of the app's services (see runHeadless's `desktop` option). */
export function desktopService(core: DesktopCore, options: DesktopOptions): Service<RunningDesktop> {
  return defineService({
    name: "desktop",
    deps: [core.config, core.logging, core.agent, core.server, core.updates, core.activity, core.lan],
    start: (get) =>
      startDesktop(
        {
          agent: get(core.agent),
          config: get(core.config),
          serverUrl: get(core.server).url,
          logger: get(core.logging).logger("desktop"),
          link: core.link,
          shutdown: core.shutdown,
          lan: get(core.lan),
          startUpdates: (shell) =>
            startDesktopUpdates(
              {
                store: get(core.config),
                updates: get(core.updates),
                activity: get(core.activity),
                logs: get(core.logging).hub,
              },
              shell,
            ),
        },
        options,
      ),
    stop: (desktop) => desktop.stop(),
  });
}
