import { describe, expect, test } from "bun:test";
import { AGENT_STATES, type StatusSnapshot } from "../../src-shared/protocol";
import type { MenuItem } from "./shell";
import { findItem } from "./testing/fake-shell";
import { statusLine, trayIcon, trayMenu, trayTooltip } from "./tray-menu";

const status = (over: Partial<StatusSnapshot> = {}): StatusSnapshot => ({
  state: "running",
  agentName: "Milady",
  host: "worker",
  model: { provider: "local", name: "tiny.gguf", loaded: true },
  canReply: true,
  restarts: 0,
  plugins: [],
  restartPending: false,
  version: "0.1.0",
  notices: [],
  ...over,
});

const idle = { busy: false };
const enabled = (items: MenuItem[], action: string) => findItem(items, action)?.enabled !== false;

describe("tray menu", () => {
  test("the first line is the status (agent state · model), and cannot be clicked", () => {
    const [first] = trayMenu(status(), idle);
    expect(first).toEqual({ label: "Running · tiny.gguf", enabled: false });
    expect(statusLine(status({ state: "paused" }))).toBe("Paused · tiny.gguf");
    expect(statusLine(status({ state: "starting" }))).toBe("Starting…");
    expect(statusLine(status({ state: "running", model: { provider: "none", loaded: false } }))).toBe(
      "Running · no model",
    );
    expect(statusLine(status({ state: "running", model: { provider: "openai", loaded: true } }))).toBe(
      "Running · openai",
    );
    expect(statusLine(undefined)).toBe("Starting…");
  });

  test("Start / Stop / Restart / Pause / Resume are enabled exactly when the state allows them", () => {
    const expected: Record<StatusSnapshot["state"], string[]> = {
      not_started: ["start"],
      starting: [],
      running: ["pause", "restart", "stop"],
      paused: ["resume", "restart", "stop"],
      stopped: ["start"],
      restarting: [],
      error: ["start"],
    };
    for (const state of AGENT_STATES) {
      const items = trayMenu(status({ state }), idle);
      const on = ["start", "stop", "restart", "pause", "resume"].filter((a) => enabled(items, `agent-${a}`));
      expect({ state, on: on.sort() }).toEqual({ state, on: [...expected[state]].sort() });
    }
  });

  test("an error shows its reason in the status line, the tooltip and the icon", () => {
    const failed = status({
      state: "error",
      lastError: { code: "no_model", message: "The model file /m/tiny.gguf is missing." },
    });
    expect(statusLine(failed)).toBe("Error: The model file /m/tiny.gguf is missing.");
    expect(trayTooltip(failed)).toBe("Milady — Error: The model file /m/tiny.gguf is missing.");
    expect(trayIcon(failed)).toBe("error");
    const long = status({ state: "error", lastError: { code: "internal", message: "x".repeat(500) } });
    expect(statusLine(long).length).toBeLessThanOrEqual(80);
    expect(trayTooltip(long).length).toBeLessThanOrEqual(127);
  });

  test("the icon follows the state", () => {
    expect(AGENT_STATES.map((state) => [state, trayIcon(status({ state }))])).toEqual([
      ["not_started", "stopped"],
      ["starting", "busy"],
      ["running", "running"],
      ["paused", "paused"],
      ["stopped", "stopped"],
      ["restarting", "busy"],
      ["error", "error"],
    ]);
  });

  test("LAN Access is a checkbox following the LAN state; Pair Phone needs it on", () => {
    const off = trayMenu(status(), idle, { enabled: false });
    expect(findItem(off, "toggle-lan")).toMatchObject({ label: "LAN Access", checked: false });
    expect(findItem(off, "Pair Phone… (turn on LAN Access first)")?.enabled).toBe(false);
    expect(findItem(off, "pair-phone")).toBeUndefined();
    const on = trayMenu(status(), idle, { enabled: true });
    expect(findItem(on, "toggle-lan")?.checked).toBe(true);
    expect(findItem(on, "pair-phone")).toMatchObject({ label: "Pair Phone…" });
    expect(enabled(on, "pair-phone")).toBe(true);
    const failed = trayMenu(status(), idle, { enabled: false, problem: "port 2139 is taken" });
    expect(findItem(failed, "toggle-lan")?.label).toBe("LAN Access (could not start: see Settings)");
    // Without LAN access at all (a menu test, or a build without it), no LAN items.
    expect(findItem(trayMenu(status(), idle), "toggle-lan")).toBeUndefined();
  });

  test("Check for Updates is disabled while busy; Restart to Update appears with the ready version", () => {
    expect(enabled(trayMenu(status(), idle), "check-updates")).toBe(true);
    expect(findItem(trayMenu(status(), idle), "restart-to-update")).toBeUndefined();
    const busy = trayMenu(status(), { busy: true });
    expect(findItem(busy, "check-updates")).toMatchObject({ label: "Checking for Updates…", enabled: false });
    const ready = trayMenu(status(), { busy: false, readyVersion: "0.2.0" });
    expect(findItem(ready, "restart-to-update")?.label).toBe("Restart to Update (0.2.0)");
  });

  test("Open Dashboard and Quit are always there", () => {
    for (const state of AGENT_STATES) {
      const items = trayMenu(status({ state }), { busy: true });
      expect(enabled(items, "open-dashboard")).toBe(true);
      expect(enabled(items, "quit")).toBe(true);
    }
  });
});
