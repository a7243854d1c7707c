import { AGENT_ACTIONS, type AgentAction } from "../../src-shared/protocol";

/**
 * The actions the tray and the application menu send on a click. One list, so both menus
 * reach the same handler and a click can only ask for something this list names.
 */
export const MENU_ACTIONS = [
  "open-dashboard",
  "settings",
  "about",
  "check-updates",
  "restart-to-update",
  "reset-window",
  "reload",
  "zoom-in",
  "zoom-out",
  "zoom-reset",
  "dev-tools",
  "toggle-lan",
  "pair-phone",
  "quit",
  ...AGENT_ACTIONS.map((action) => `agent-${action}` as const),
] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

export const agentMenuAction = (action: AgentAction): MenuAction => `agent-${action}`;

export function isMenuAction(action: string): action is MenuAction {
  return (MENU_ACTIONS as readonly string[]).includes(action);
}

/** The agent action behind `agent-<name>`, if that is what it is. */
export function agentActionOf(action: MenuAction): AgentAction | undefined {
  const name = action.startsWith("agent-") ? action.slice("agent-".length) : "";
  return (AGENT_ACTIONS as readonly string[]).includes(name) ? (name as AgentAction) : undefined;
}
