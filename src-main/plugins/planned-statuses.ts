import type { PluginStatus } from "../../src-shared/protocol";
import { APP_ROOT } from "../app/paths";
import type { ConfigStore } from "../config/types";
import { resolvePluginPlan } from "./resolve-plan";

export type PlannedStatus = Omit<PluginStatus, "status"> & { status: PluginStatus["status"] | "pending" };

/**
 * What the next start would load, from the config and the plugin directories alone: the list
 * when no agent has reported yet (the CLI with Milady stopped, a server whose agent never
 * started). The provider is the configured one; the agent may still fall back to none.
 */
export function plannedStatuses(config: ConfigStore): PlannedStatus[] {
  const current = config.current();
  const plan = resolvePluginPlan({
    config: current,
    secrets: config.secrets(),
    provider: current.models.provider ?? "none",
    pluginsDir: config.paths.pluginsDir,
    baseDir: config.paths.stateDir,
    miladyRoot: APP_ROOT,
  });
  return plan.plugins.map(({ name, source, version, description, status, reason }) => ({
    name,
    source,
    version,
    description,
    status: status ?? "pending",
    reason: reason ?? (status ? undefined : "loads at the next agent start"),
  }));
}
