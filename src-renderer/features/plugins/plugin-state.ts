import type { PluginListEntry } from "../../../src-shared/contracts/plugins";

export type Tone = "ok" | "danger" | "warn" | "muted" | "accent";

/**
 * What a plugin will be after the next start, next to what it is now: a plugin switched off
 * while loaded stays loaded until the agent restarts, and the list says so.
 */
export function pluginState(p: PluginListEntry): { badge: string; tone?: Tone; pending?: string } {
  if (p.status === "denied") return { badge: "denied", tone: "warn" };
  if (p.status === "refused") return { badge: "refused", tone: "danger" };
  if (!p.enabled && p.status !== "disabled" && p.status !== "pending")
    return { badge: "disabled", pending: "still loaded until the agent restarts" };
  if (p.enabled && (p.status === "disabled" || p.status === "pending"))
    return {
      badge: p.status === "pending" ? "not loaded yet" : "enabled",
      tone: "accent",
      pending: "loads when the agent restarts",
    };
  if (!p.enabled) return { badge: "disabled" };
  if (p.status === "failed") return { badge: "failed", tone: "danger" };
  return { badge: "loaded", tone: "ok" };
}

/** 44 px touch targets on a phone, the compact desktop size from sm up. */
export const TOUCH = "min-h-11 sm:min-h-9";
