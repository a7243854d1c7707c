import { z } from "zod";
import { pluginStatusSchema } from "./agent-state";

/**
 * What main decided the agent loads at this start (src-main/plugins/resolve-plan.ts), in the
 * order of resolution. The agent imports what `import` names and reports every entry back
 * in `ready.plugins`; an entry with a `status` will not load and carries its reason.
 */
export const plannedPluginSchema = z.object({
  name: z.string(),
  source: pluginStatusSchema.shape.source.unwrap(),
  /** A package name resolvable from Milady, or the absolute path of the entry file. Unset for the plugins the agent builds itself (milady, the model plugin of local/ollama/scripted). */
  import: z.string().optional(),
  /** The plugin's package directory: the agent reads its @elizaos/core range there and looks for a nested core copy. */
  dir: z.string().optional(),
  version: z.string().optional(),
  description: z.string().optional(),
  /** Why it is in the plan: core, allow, connector:<id>, model-key:<KEY>, feature:<flag>, install, directory. */
  origin: z.string(),
  /** Set when it will not load. */
  status: z.enum(["disabled", "denied", "refused", "failed"]).optional(),
  reason: z.string().optional(),
});
export type PlannedPlugin = z.infer<typeof plannedPluginSchema>;

export const pluginPlanSchema = z.object({
  plugins: z.array(plannedPluginSchema),
  /** Non-secret values of plugins.entries.<name>.config: runtime settings for the agent. */
  settings: z.record(z.string(), z.string()),
});
export type PluginPlan = z.infer<typeof pluginPlanSchema>;

export const EMPTY_PLUGIN_PLAN: PluginPlan = { plugins: [], settings: {} };
