import { z } from "zod";
import { pluginStatusSchema } from "../protocol/agent-state";
import { capability, route } from "./define";

export const pluginListEntrySchema = pluginStatusSchema.extend({
  /** False when config plugins.disabled lists it: it is off from the next agent start. */
  enabled: z.boolean(),
});
export type PluginListEntry = z.infer<typeof pluginListEntrySchema>;

const toggled = z.object({
  name: z.string(),
  enabled: z.boolean(),
  disabled: z.array(z.string()),
  restartRequired: z.boolean(),
});

/** What the agent loaded at its last start, and which plugins are switched off for the next. */
export const pluginsContract = capability({
  name: "plugins",
  routes: {
    list: route({
      method: "GET",
      path: "/api/plugins",
      response: z.object({ plugins: z.array(pluginListEntrySchema) }),
      errors: [],
      summary: "plugins with their status and whether they are enabled for the next start",
    }),
    enable: route({
      method: "POST",
      path: "/api/plugins/:name/enable",
      response: toggled,
      errors: ["validation_failed", "not_found"],
      summary: "enable a plugin from the next agent start",
    }),
    disable: route({
      method: "POST",
      path: "/api/plugins/:name/disable",
      response: toggled,
      errors: ["validation_failed", "conflict", "not_found"],
      summary: "disable a plugin from the next agent start (core plugins cannot be)",
    }),
  },
});
