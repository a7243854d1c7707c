// The desktop layer composed over a real server (Bun.serve on port 0, real routes, the real
// /api/desktop/focus) with FakeAgentController, FakeConfigStore and FakeDesktopShell.
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { desktopContract } from "../../src-shared/contracts";
import { DesktopLink } from "../app/desktop-link";
import type { Logger } from "../logging";
import { startTestServer, TEST_TOKEN, type TestServer, until } from "../server/testing/test-server";
import { desktopStatePath } from "./desktop-state";
import { type DesktopLauncher, type RunningDesktop, startDesktop } from "./index";
import { FakeDesktopShell } from "./testing/fake-shell";
import type { DesktopUpdates, UpdateMenuState } from "./update-port";
import { centredFrame } from "./window-frame";

const LAPTOP = { x: 0, y: 0, width: 1440, height: 900 };
const MONITOR = { x: 1440, y: 0, width: 1920, height: 1080 };

interface Setup {
  t: TestServer;
  shell: FakeDesktopShell;
  desktop: RunningDesktop;
  logs: string[];
  shutdowns: number[];
  link: DesktopLink;
}

const running: Setup[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) {
    await s.desktop.stop();
    await s.t.close();
  }
});

function recordingLogger(lines: string[]): Logger {
  const at = (level: string) => (msg: string) => void lines.push(`${level}: ${msg}`);
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

async function setup(
  options: {
    config?: Record<string, unknown>;
    displays?: (typeof LAPTOP)[];
    shell?: FakeDesktopShell;
    /** The same server and state dir as an earlier run (a restart of the app). */
    after?: Pick<Setup, "t" | "link">;
    updates?: DesktopUpdates;
    initialLink?: string;
  } = {},
): Promise<Setup> {
  const link = options.after?.link ?? new DesktopLink(2000);
  const t = options.after?.t ?? (await startTestServer({ configInitial: options.config, desktop: link }));
  // The state dir's token, as the server resolved it (FakeConfigStore cannot write this secret over the API).
  t.config.secrets = () => ({ MILADY_API_TOKEN: TEST_TOKEN });
  const shell = options.shell ?? new FakeDesktopShell({ displays: options.displays ?? [LAPTOP] });
  const logs: string[] = [];
  const shutdowns: number[] = [];
  const launcher: DesktopLauncher = { createShell: async () => shell };
  const desktop = await startDesktop(
    {
      agent: t.agent,
      config: t.config,
      serverUrl: t.url,
      logger: recordingLogger(logs),
      link,
      shutdown: async (code = 0) => void shutdowns.push(code),
      ...(options.updates ? { startUpdates: () => options.updates! } : {}),
    },
    { launcher, initialLink: options.initialLink },
  );
  const s = { t, shell, desktop, logs, shutdowns, link };
  running.push(s);
  return s;
}

describe("the window", () => {
  test("opens at once on the local server's dashboard; the token reaches it through the preload, never the URL", async () => {
    const { shell, t } = await setup();
    const win = shell.window!;
    expect(win.url).toBe(`${t.url}/`);
    expect(win.url).not.toContain(TEST_TOKEN);
    expect(win.options.preload).toContain(TEST_TOKEN);
    expect(win.options.preload).toContain(JSON.stringify(new URL(t.url).origin));
    // What the window loads is there (the dashboard, or its placeholder when it is not built).
    const page = await fetch(win.url, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    await page.body?.cancel();
  });

  test("the preload defines the token only on the server's own origin", async () => {
    const { shell, t } = await setup();
    const script = shell.window!.options.preload!;
    const run = (origin: string) => {
      const scope: { location: { origin: string }; __MILADY_DESKTOP__?: { token?: string } } = { location: { origin } };
      new Function("globalThis", "location", script)(scope, scope.location);
      return scope.__MILADY_DESKTOP__;
    };
    expect(run(new URL(t.url).origin)).toEqual({ token: TEST_TOKEN });
    expect(run("https://elsewhere.example")).toBeUndefined();
  });

  test("the application menu is set after the window exists, then the tray", async () => {
    const { shell } = await setup();
    const order = shell.records.map((r) => r.call).filter((c) => ["openWindow", "appMenu", "createTray"].includes(c));
    expect(order).toEqual(["openWindow", "appMenu", "createTray"]);
  });

  test("size and position are remembered (written once the drag settles) and restored next time", async () => {
    const first = await setup({ displays: [LAPTOP, MONITOR] });
    const win = first.shell.window!;
    const path = desktopStatePath(first.t.config.paths.stateDir);
    for (let x = 1500; x <= 1600; x += 10) win.userMove({ x, y: 50 });
    win.userMove({ width: 1000, height: 700 });
    // Twelve moves, no write yet: the debounce waits for the drag to settle.
    expect(existsSync(path)).toBe(false);
    await until(
      () => existsSync(path) && JSON.parse(readFileSync(path, "utf8")).window?.width === 1000,
      5000,
      "the frame file",
    );
    expect(JSON.parse(readFileSync(path, "utf8")).window).toEqual({ x: 1600, y: 50, width: 1000, height: 700 });
    await first.desktop.stop();
    running.splice(running.indexOf(first), 1);

    // Same state dir, both displays: the window comes back where it was.
    const again = await setup({ after: first, displays: [LAPTOP, MONITOR] });
    expect(again.shell.window!.frame()).toEqual({ x: 1600, y: 50, width: 1000, height: 700 });
  });

  test("a frame left on an unplugged monitor opens centred on the primary display", async () => {
    const first = await setup({ displays: [LAPTOP, MONITOR] });
    first.shell.window!.userMove({ x: 2000, y: 100 });
    await first.desktop.stop(); // stopping writes a frame still waiting for its debounce
    running.splice(running.indexOf(first), 1);
    const again = await setup({ after: first, displays: [LAPTOP] });
    expect(again.shell.window!.frame()).toEqual(centredFrame(LAPTOP));
  });

  test("Reset Window Position centres it on the primary display and remembers that", async () => {
    const { shell, t } = await setup({ displays: [LAPTOP, MONITOR] });
    shell.window!.userMove({ x: 1700, y: 300 });
    shell.clickMenu("reset-window");
    expect(shell.window!.frame()).toEqual(centredFrame(LAPTOP));
    const saved = JSON.parse(readFileSync(desktopStatePath(t.config.paths.stateDir), "utf8")).window;
    expect(saved).toEqual(centredFrame(LAPTOP));
  });

  test("a damaged state file is read as empty: the window opens centred", async () => {
    const link = new DesktopLink(2000);
    const t = await startTestServer({ desktop: link });
    writeFileSync(desktopStatePath(t.config.paths.stateDir), "{not json");
    const { shell } = await setup({ after: { t, link } });
    expect(shell.window!.frame()).toEqual(centredFrame(LAPTOP));
  });
});

describe("closing the window", () => {
  test("with close-to-tray on (the default), the app keeps running; the first time a notification says so", async () => {
    const { shell, shutdowns, t } = await setup();
    shell.window!.userClose();
    expect(shell.window).toBeUndefined();
    expect(shutdowns).toEqual([]);
    expect(shell.notifications).toHaveLength(1);
    expect(shell.notifications[0]!.body).toContain("keeps running in the tray");
    // Open Dashboard brings a new window at the remembered frame; closing it again says nothing more.
    shell.tray.click("Open Dashboard");
    expect(shell.windows).toHaveLength(2);
    expect(shell.window!.frame()).toEqual(shell.windows[0]!.frame());
    shell.window!.userClose();
    expect(shell.notifications).toHaveLength(1);
    const saved = JSON.parse(readFileSync(desktopStatePath(t.config.paths.stateDir), "utf8"));
    expect(saved.notices["close-to-tray"]).toBe(true);
  });

  test("the notice is shown once per state dir, across runs", async () => {
    const first = await setup();
    first.shell.window!.userClose();
    await first.desktop.stop();
    running.splice(running.indexOf(first), 1);
    const again = await setup({ after: first });
    again.shell.window!.userClose();
    expect(again.shell.notifications).toEqual([]);
  });

  test("with desktop.closeToTray off, closing the window quits gracefully", async () => {
    const { shell, shutdowns } = await setup({ config: { desktop: { closeToTray: false } } });
    shell.window!.userClose();
    expect(shutdowns).toEqual([0]);
    expect(shell.notifications).toEqual([]);
  });

  test("the setting applies at once: turned off while running, the next close quits", async () => {
    const { shell, shutdowns, t } = await setup();
    await t.config.patch({ config: { desktop: { closeToTray: false } } });
    shell.window!.userClose();
    expect(shutdowns).toEqual([0]);
  });

  test("clicking the tray icon reopens the window", async () => {
    const { shell } = await setup();
    shell.window!.userClose();
    shell.tray.clickIcon();
    expect(shell.window).toBeDefined();
    expect(shell.windows).toHaveLength(2);
  });
});

describe("the tray", () => {
  test("icon, tooltip and items follow the agent's state events", async () => {
    const { shell, t } = await setup();
    expect(shell.tray.icon).toBe("running");
    expect(shell.item("agent-pause")?.enabled).not.toBe(false);
    expect(shell.item("agent-resume")?.enabled).toBe(false);
    t.agent.setState("paused");
    expect(shell.tray.icon).toBe("paused");
    expect(shell.item("agent-resume")?.enabled).not.toBe(false);
    expect(shell.item("agent-pause")?.enabled).toBe(false);
    t.agent.setState("starting");
    expect(shell.tray.icon).toBe("busy");
    expect(shell.item("agent-start")?.enabled).toBe(false);
    expect(shell.item("agent-restart", "app")?.enabled).toBe(false);
    t.agent.snapshot = { ...t.agent.snapshot, lastError: { code: "no_model", message: "No model is set." } };
    t.agent.setState("error");
    expect(shell.tray.icon).toBe("error");
    expect(shell.tray.tooltip).toBe("Milady — Error: No model is set.");
    expect(shell.tray.menu[0]).toEqual({ label: "Error: No model is set.", enabled: false });
    expect(shell.item("agent-start")?.enabled).not.toBe(false);
  });

  test("Pause, Resume, Stop, Start and Restart drive the agent; a disabled item cannot be clicked", async () => {
    const { shell, t } = await setup();
    shell.tray.click("agent-pause");
    await until(() => t.agent.status().state === "paused", 10_000, "paused");
    expect(() => shell.tray.click("agent-pause")).toThrow("disabled");
    shell.tray.click("agent-resume");
    await until(() => t.agent.status().state === "running", 10_000, "running");
    shell.tray.click("agent-stop");
    await until(() => t.agent.status().state === "stopped", 10_000, "stopped");
    expect(shell.item("agent-stop")?.enabled).toBe(false);
    shell.tray.click("agent-start");
    await until(() => t.agent.status().state === "running", 10_000, "running again");
    shell.clickMenu("Restart Agent");
    await until(() => shell.records.some((r) => r.call === "trayIcon" && r.state === "busy"), 10_000, "restart shown");
  });

  test("a failed action says why in a notification", async () => {
    const { shell, t } = await setup();
    t.agent.pause = async () => {
      throw new Error("the agent is busy shutting down");
    };
    shell.tray.click("agent-pause");
    await until(() => shell.notifications.length > 0, 10_000, "a notification");
    expect(shell.notifications[0]).toEqual({
      title: "Could not pause the agent",
      body: "the agent is busy shutting down",
    });
  });

  test("Check for Updates is disabled while busy and Restart to Update appears when a version is ready", async () => {
    let state: UpdateMenuState = { busy: false };
    const listeners = new Set<() => void>();
    const calls: string[] = [];
    const updates: DesktopUpdates = {
      menuState: () => state,
      onChange: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      checkNow: async () => void calls.push("check"),
      restartToUpdate: async () => void calls.push("apply"),
    };
    const set = (next: UpdateMenuState) => {
      state = next;
      for (const l of listeners) l();
    };
    const { shell } = await setup({ updates });
    shell.tray.click("check-updates");
    set({ busy: true });
    expect(shell.item("check-updates")?.enabled).toBe(false);
    expect(shell.item("check-updates", "app")?.enabled).toBe(false);
    set({ busy: false, readyVersion: "0.2.0" });
    expect(shell.item("restart-to-update")?.label).toBe("Restart to Update (0.2.0)");
    shell.tray.click("restart-to-update");
    expect(calls).toEqual(["check", "apply"]);
  });

  test("without an update policy, Check for Updates says updates are not set up", async () => {
    const { shell } = await setup();
    shell.tray.click("check-updates");
    await until(() => shell.notifications.length === 1, 10_000, "a notification");
    expect(shell.notifications[0]!.body).toContain("not set up");
  });

  test("Quit shuts down gracefully: the window goes at once, then the shell lets the exit through", async () => {
    const { shell, shutdowns } = await setup();
    shell.tray.click("Quit Milady");
    expect(shutdowns).toEqual([0]);
    expect(shell.window!.hidden).toBe(true);
    // The exit at the end of the shutdown comes back through the shell: it goes through now.
    expect(shell.requestQuit()).toBe(true);
    shell.tray.click("Quit Milady");
    expect(shutdowns).toEqual([0]);
  });

  test("Cmd+Q (a quit the OS asks for) is held while the app shuts down gracefully", async () => {
    const { shell, shutdowns } = await setup();
    expect(shell.requestQuit()).toBe(false);
    expect(shutdowns).toEqual([0]);
    expect(shell.requestQuit()).toBe(true);
  });
});

describe("the application menu", () => {
  test("About names Milady, elizaOS and Bun with their versions", async () => {
    const { shell } = await setup();
    shell.clickMenu("About Milady");
    const [about] = shell.notifications;
    expect(about!.title).toMatch(/^Milady \d+\.\d+\.\d+/);
    expect(about!.body).toBe(`elizaOS 1.7.2 · Bun ${Bun.version}`);
  });

  test("Settings… opens the dashboard's settings; Reload and zoom reach the window", async () => {
    const { shell, t } = await setup();
    shell.clickMenu("Settings…");
    expect(shell.window!.url).toBe(`${t.url}/#/settings`);
    shell.clickMenu("reload");
    shell.clickMenu("zoom-in");
    shell.clickMenu("zoom-in");
    expect(shell.window!.zoom).toBe(1.25);
    shell.clickMenu("zoom-out");
    expect(shell.window!.zoom).toBe(1.1);
    shell.clickMenu("zoom-reset");
    expect(shell.window!.zoom).toBe(1);
    expect(shell.records.some((r) => r.call === "reload")).toBe(true);
  });

  test("developer tools only in a development build", async () => {
    const { shell } = await setup();
    expect(() => shell.clickMenu("dev-tools")).toThrow("no item");
    const dev = await setup({ shell: new FakeDesktopShell({ devBuild: true, displays: [LAPTOP] }) });
    dev.shell.clickMenu("dev-tools");
    expect(dev.shell.records.some((r) => r.call === "toggleDevTools")).toBe(true);
  });
});

describe("deep links", () => {
  test("a link from the OS opens its fragment in the window and brings it forward", async () => {
    const { shell, t, logs } = await setup();
    shell.openUrl("milady://chat?text=hello%20there");
    expect(shell.window!.url).toBe(`${t.url}/#/chat/new?text=hello%20there`);
    expect(shell.records.at(-1)).toMatchObject({ call: "focus" });
    shell.openUrl("milady://settings/desktop");
    expect(shell.window!.url).toBe(`${t.url}/#/settings/desktop`);
    shell.openUrl("milady://pair");
    expect(shell.window!.url).toBe(`${t.url}/#/pair`);
    expect(logs.join("\n")).not.toContain("hello");
  });

  test("an unknown or malformed link is never followed, and its text is never logged", async () => {
    const { shell, logs } = await setup();
    const loads = shell.window!.loads.length;
    for (const bad of [
      "milady://shell?cmd=secret-words",
      "https://example.com/secret-words",
      "milady://chat?text=a&send=1",
    ])
      shell.openUrl(bad);
    expect(shell.window!.loads.length).toBe(loads);
    const warnings = logs.filter((l) => l.startsWith("warn: ignored"));
    expect(warnings).toHaveLength(3);
    expect(logs.join("\n")).not.toContain("secret-words");
  });

  test("a link that launched the app opens the first window at it; a closed window reopens at the link", async () => {
    const { shell, t } = await setup({ initialLink: "milady://settings/voice" });
    expect(shell.windows[0]!.url).toBe(`${t.url}/#/settings/voice`);
    shell.window!.userClose();
    shell.openUrl("milady://chat?text=back");
    expect(shell.windows).toHaveLength(2);
    expect(shell.window!.url).toBe(`${t.url}/#/chat/new?text=back`);
  });
});

describe("POST /api/desktop/focus (what a second launch calls)", () => {
  const focus = (t: TestServer, body: unknown, token = TEST_TOKEN) =>
    fetch(`${t.url}${desktopContract.routes.focus.path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  test("brings the window forward, reopening it when it was closed to the tray, and follows a known link", async () => {
    const { shell, t } = await setup();
    shell.window!.userClose();
    const res = await focus(t, {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ focused: true, link: "none" });
    expect(shell.window).toBeDefined();
    const linked = await focus(t, { link: "milady://chat?text=from%20argv" });
    expect(await linked.json()).toEqual({ focused: true, link: "opened" });
    expect(shell.window!.url).toBe(`${t.url}/#/chat/new?text=from%20argv`);
    const unknown = await focus(t, { link: "milady://nope" });
    expect(await unknown.json()).toEqual({ focused: true, link: "ignored" });
  });

  test("needs the token like every route", async () => {
    const { t } = await setup();
    expect((await focus(t, {}, "wrong")).status).toBe(401);
  });

  test("a headless server answers 404", async () => {
    const t = await startTestServer();
    try {
      const res = await focus(t, {});
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    } finally {
      await t.close();
    }
  });

  test("after the desktop layer stops, the route answers 404 (bounded wait, no hang)", async () => {
    const s = await setup();
    await s.desktop.stop();
    running.splice(running.indexOf(s), 1);
    const started = Date.now();
    const res = await focus(s.t, {});
    expect(res.status).toBe(404);
    expect(Date.now() - started).toBeLessThan(10_000);
    await s.t.close();
  });
});
