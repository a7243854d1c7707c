import { AGENT_ACTIONS, type AgentAction, agentActionsFor, type StatusSnapshot } from "../../src-shared/protocol";
import { agentMenuAction } from "./menu-actions";
import type { MenuItem, TrayIconState } from "./shell";
import type { UpdateMenuState } from "./update-port";

/** The tray's menu, icon and tooltip, all from the agent's status and the update state. */

const STATE_LABEL: Record<StatusSnapshot["state"], string> = {
  not_started: "Not started",
  starting: "Starting…",
  running: "Running",
  paused: "Paused",
  stopped: "Stopped",
  restarting: "Restarting…",
  error: "Error",
};

const ACTION_LABEL: Record<AgentAction, string> = {
  start: "Start Agent",
  stop: "Stop Agent",
  restart: "Restart Agent",
  pause: "Pause Agent",
  resume: "Resume Agent",
};

/** Native menus show one line: long reasons are cut (the dashboard has the whole text and the fix). */
const MAX_LINE = 80;
/** Windows cuts tray tooltips at 127 characters. */
const MAX_TOOLTIP = 127;

function cut(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function modelLabel(status: StatusSnapshot): string {
  if (status.model.provider === "none") return "no model";
  return status.model.name ?? status.model.provider;
}

/** "Running · tiny.gguf", "Starting…", "Error: the model file is missing". */
export function statusLine(status: StatusSnapshot | undefined): string {
  if (!status) return "Starting…";
  if (status.state === "error") {
    const why = status.lastError?.message ?? status.reason?.message;
    return cut(why ? `Error: ${why}` : "Error", MAX_LINE);
  }
  const live = status.state === "running" || status.state === "paused";
  return cut(live ? `${STATE_LABEL[status.state]} · ${modelLabel(status)}` : STATE_LABEL[status.state], MAX_LINE);
}

export function trayIcon(status: StatusSnapshot | undefined): TrayIconState {
  switch (status?.state) {
    case "running":
      return "running";
    case "paused":
      return "paused";
    case "error":
      return "error";
    case "stopped":
    case "not_started":
      return "stopped";
    default:
      return "busy";
  }
}

export function trayTooltip(status: StatusSnapshot | undefined): string {
  return cut(`Milady — ${statusLine(status)}`, MAX_TOOLTIP);
}

/** Check for Updates (disabled while busy) and, once one is downloaded, Restart to Update: the tray's and the app menu's. */
export function updateMenuItems(updates: UpdateMenuState): MenuItem[] {
  return [
    {
      label: updates.busy ? "Checking for Updates…" : "Check for Updates",
      action: "check-updates",
      enabled: !updates.busy,
    },
    ...(updates.readyVersion
      ? [{ label: `Restart to Update (${updates.readyVersion})`, action: "restart-to-update" } satisfies MenuItem]
      : []),
  ];
}

/** What the tray shows of LAN access; absent where there is none (tests of the menu alone). */
export interface LanMenuState {
  enabled: boolean;
  /** Why it did not turn on (a taken port): shown instead of the checkmark. */
  problem?: string;
}

function lanItems(lan: LanMenuState | undefined): MenuItem[] {
  if (!lan) return [];
  return [
    {
      label: lan.problem && !lan.enabled ? "LAN Access (could not start: see Settings)" : "LAN Access",
      action: "toggle-lan",
      checked: lan.enabled,
    },
    // Pairing needs the LAN listener; while it is off the item says what to turn on first.
    lan.enabled
      ? { label: "Pair Phone…", action: "pair-phone" }
      : { label: "Pair Phone… (turn on LAN Access first)", enabled: false },
    { type: "divider" },
  ];
}

export function trayMenu(status: StatusSnapshot | undefined, updates: UpdateMenuState, lan?: LanMenuState): MenuItem[] {
  const allowed = new Set(agentActionsFor(status?.state));
  return [
    { label: statusLine(status), enabled: false },
    { type: "divider" },
    { label: "Open Dashboard", action: "open-dashboard" },
    { type: "divider" },
    ...AGENT_ACTIONS.map(
      (action): MenuItem => ({
        label: ACTION_LABEL[action],
        action: agentMenuAction(action),
        enabled: allowed.has(action),
      }),
    ),
    { type: "divider" },
    ...lanItems(lan),
    ...updateMenuItems(updates),
    { type: "divider" },
    { label: "Quit Milady", action: "quit" },
  ];
}
