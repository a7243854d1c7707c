import { z } from "zod";
import { pluginInstallSchema } from "../config/extensions-schema";
import { pluginStatusSchema } from "../protocol/agent-state";
import { wireErrorSchema } from "../protocol/errors";
import { capability, route } from "./define";

export const pluginListEntrySchema = pluginStatusSchema.extend({
  /**
   * As the agent reported it at its last start; `pending` for one it has not loaded yet (installed,
   * found in a plugin directory, or the agent is not running): it loads at the next start.
   */
  status: z.enum(["loaded", "failed", "disabled", "denied", "refused", "pending"]),
  /** False when config plugins.disabled lists it: it is off from the next agent start. */
  enabled: z.boolean(),
  /** Installed with `milady plugins install` (plugins.installs). */
  installed: z.boolean().optional(),
});
export type PluginListEntry = z.infer<typeof pluginListEntrySchema>;

const toggled = z.object({
  name: z.string(),
  enabled: z.boolean(),
  disabled: z.array(z.string()),
  restartRequired: z.boolean(),
});

const settingValue = z.union([z.string(), z.number(), z.boolean()]);

/** One of a plugin's `agentConfig.pluginParameters`, with its value: secrets only ever masked. */
export const pluginParameterSchema = z.object({
  key: z.string(),
  type: z.string(),
  description: z.string().optional(),
  required: z.boolean(),
  /** Kept in the state .env and masked whenever shown (sensitive: true, or a *_TOKEN/*_KEY/*_SECRET name). */
  secret: z.boolean(),
  default: settingValue.optional(),
  /** The value in effect: plugins.entries.<name>.config, or the masked secret; null when unset. */
  value: settingValue.nullable(),
  set: z.boolean(),
});
export type PluginParameter = z.infer<typeof pluginParameterSchema>;

export const pluginInfoSchema = z.object({
  name: z.string(),
  version: z.string().optional(),
  description: z.string().optional(),
  source: pluginStatusSchema.shape.source,
  status: pluginListEntrySchema.shape.status.optional(),
  reason: z.string().optional(),
  enabled: z.boolean(),
  /** The package directory the next start loads it from. */
  path: z.string().optional(),
  install: pluginInstallSchema.optional(),
  parameters: z.array(pluginParameterSchema),
  /** The @elizaos/core range it asks for, and what may keep it from loading. */
  coreRange: z.string().optional(),
  warnings: z.array(z.string()),
  homepage: z.string().optional(),
});
export type PluginInfo = z.infer<typeof pluginInfoSchema>;

export const registryHitSchema = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  date: z.string().optional(),
  link: z.string().optional(),
  installed: z.boolean(),
});

export const installProgressSchema = z.object({
  phase: z.enum(["resolving", "downloading", "linking", "recording", "done"]),
  message: z.string(),
});

export const installResultSchema = pluginInstallSchema.extend({
  name: z.string(),
  warnings: z.array(z.string()),
});
export type InstallResultWire = z.infer<typeof installResultSchema>;

const installAnswer = z.object({ plugin: installResultSchema, restartRequired: z.boolean() });

/** The SSE events of POST /api/plugins/install: progress lines, then the result or the error. */
export const installStreamEventSchema = z.discriminatedUnion("type", [
  installProgressSchema.extend({ type: z.literal("progress") }),
  installAnswer.extend({ type: z.literal("done") }),
  z.object({ type: z.literal("error"), error: wireErrorSchema }),
]);
export type InstallStreamEvent = z.infer<typeof installStreamEventSchema>;

export const pluginDirectorySchema = z.object({
  kind: z.enum(["installed", "ejected", "custom", "path"]),
  path: z.string(),
  exists: z.boolean(),
  /** The plugins found there (package names, or directory names without a package.json). */
  plugins: z.array(z.string()),
});
export type PluginDirectory = z.infer<typeof pluginDirectorySchema>;
const directories = z.object({ directories: z.array(pluginDirectorySchema) });

/** Plugins: what the agent loaded, and installing, configuring and ejecting them (changes apply at the next start). */
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
    // Static paths first: the router takes the first match, and /api/plugins/:name would take these.
    search: route({
      method: "GET",
      path: "/api/plugins/search",
      access: "owner",
      query: z.object({
        q: z.string().trim().min(1, "give a word to search for").max(100),
        limit: z.coerce.number().int().min(1).max(50).default(20),
      }),
      response: z.object({
        results: z.array(registryHitSchema),
        registry: z.string(),
        mode: z.enum(["search", "name"]),
      }),
      errors: ["validation_failed", "timeout"],
      summary: "search the npm registry (the one npm is configured with) for elizaOS plugins",
    }),
    install: route({
      method: "POST",
      path: "/api/plugins/install",
      body: z.object({ spec: z.string().trim().min(1).max(300), allowScripts: z.boolean().optional() }),
      response: installAnswer,
      stream: installStreamEventSchema,
      errors: ["validation_failed", "not_found", "conflict", "timeout"],
      summary: "npm install a plugin into <state>/plugins/installed (progress as SSE with Accept: text/event-stream)",
    }),
    paths: route({
      method: "GET",
      path: "/api/plugins/paths",
      access: "owner",
      response: directories,
      errors: [],
      summary: "the plugin directories: installed, ejected, custom and plugins.load.paths",
    }),
    addPath: route({
      method: "POST",
      path: "/api/plugins/paths",
      body: z.object({ dir: z.string().trim().min(1).max(4096) }),
      response: directories.extend({ added: z.string(), warnings: z.array(z.string()), restartRequired: z.boolean() }),
      errors: ["validation_failed", "not_found", "conflict"],
      summary: "add a directory of plugins to plugins.load.paths",
    }),
    info: route({
      method: "GET",
      path: "/api/plugins/:name",
      access: "owner",
      response: pluginInfoSchema,
      errors: ["validation_failed", "not_found"],
      summary: "a plugin's version, source, status and parameters (secrets masked)",
    }),
    uninstall: route({
      method: "DELETE",
      path: "/api/plugins/:name",
      response: z.object({ name: z.string(), removed: z.literal(true), restartRequired: z.boolean() }),
      errors: ["validation_failed", "not_found"],
      summary: "npm uninstall a plugin installed with install, and remove its record",
    }),
    configure: route({
      method: "PUT",
      path: "/api/plugins/:name/config",
      body: z.object({ values: z.record(z.string(), settingValue.nullable()) }),
      response: pluginInfoSchema.extend({ restartRequired: z.boolean() }),
      errors: ["validation_failed", "not_found"],
      summary: "set a plugin's parameters (secrets to the state .env; null or empty removes)",
    }),
    eject: route({
      method: "POST",
      path: "/api/plugins/:name/eject",
      response: z.object({
        name: z.string(),
        dir: z.string(),
        from: z.string(),
        version: z.string(),
        restartRequired: z.boolean(),
      }),
      errors: ["validation_failed", "not_found", "conflict"],
      summary: "copy a plugin's package into <state>/plugins/ejected to edit it (it then loads instead)",
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
