import type { AgentRuntime, Plugin } from "@elizaos/core";
import type { PluginStatus } from "../../src-shared/protocol";
import type { AgentLog } from "./types";

export interface PluginCandidate {
  name: string;
  load(): Promise<Plugin>;
}

/** "bootstrap" disables "@elizaos/plugin-bootstrap"; full names match too. */
export function isDisabled(name: string, disabled: string[]): boolean {
  const short = name.replace(/^@elizaos\/plugin-/, "").replace(/^milady-/, "");
  return disabled.some((d) => d === name || d === short || `@elizaos/plugin-${d}` === name);
}

/**
 * Error boundary per plugin: one that throws on import or init is reported as failed
 * and the agent starts without it.
 */
export async function registerPlugins(
  runtime: AgentRuntime,
  candidates: PluginCandidate[],
  disabled: string[],
  log: AgentLog,
): Promise<PluginStatus[]> {
  const statuses: PluginStatus[] = [];
  for (const c of candidates) {
    if (isDisabled(c.name, disabled)) {
      statuses.push({ name: c.name, status: "disabled" });
      continue;
    }
    try {
      const plugin = await c.load();
      await runtime.registerPlugin(plugin);
      statuses.push({ name: c.name, status: "loaded" });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      log.warn("plugins", `plugin ${c.name} failed and was skipped: ${reason}`);
      statuses.push({ name: c.name, status: "failed", reason });
    }
  }
  return statuses;
}
