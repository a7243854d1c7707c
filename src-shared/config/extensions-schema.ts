import { z } from "zod";

/**
 * The config of what extends the agent: plugins, connectors, feature flags, MCP servers and
 * the autonomy loop. One file so the plugin resolver, the installer, the connectors and the
 * autonomy loop read the same shapes.
 */

/** A plugin's per-install settings. Secret parameters are not here: they live in the state .env. */
export const pluginEntrySchema = z.strictObject({
  /** false: not loaded from the next start (the same as listing it in plugins.disabled). */
  enabled: z.boolean().optional(),
  /** Non-secret values of the plugin's `agentConfig.pluginParameters`, handed to it as runtime settings. */
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /**
   * Names of this plugin's secret parameters (sensitive, or *_TOKEN/*_KEY/*_SECRET...): their values
   * are in the state .env, and the config store treats them like SECRET_KEYS (masked, write-only).
   */
  secrets: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")).optional(),
});
export type PluginEntry = z.infer<typeof pluginEntrySchema>;

/** One `milady plugins install`: where the package went, so a start can find it (and repair a record that points nowhere). */
export const pluginInstallSchema = z.strictObject({
  /** What the user asked for: a name, name@version or name@range. */
  spec: z.string().min(1),
  /** The version npm installed. */
  version: z.string().min(1),
  /** Absolute directory of the installed package (under <state>/plugins/installed/node_modules). */
  path: z.string().min(1),
  installedAt: z.string(),
  /** The user allowed the package's install scripts. */
  allowScripts: z.boolean().optional(),
});
export type PluginInstall = z.infer<typeof pluginInstallSchema>;

export const pluginsConfigSchema = z.strictObject({
  /** Names switched off (older configs; entries.<name>.enabled = false is the same). */
  disabled: z.array(z.string()).default([]),
  /** Extra plugins to load (npm names resolvable from Milady or installed), added to the core set. */
  allow: z.array(z.string()).default([]),
  /** Never loaded, whatever else asks for them; applied last. */
  deny: z.array(z.string()).default([]),
  entries: z.record(z.string(), pluginEntrySchema).default({}),
  installs: z.record(z.string(), pluginInstallSchema).default({}),
  /** Extra directories: each subdirectory is a plugin (as in <state>/plugins/custom). */
  load: z.strictObject({ paths: z.array(z.string()).default([]) }).default({ paths: [] }),
});
export type PluginsConfig = z.infer<typeof pluginsConfigSchema>;
export const DEFAULT_PLUGINS_CONFIG: PluginsConfig = {
  disabled: [],
  allow: [],
  deny: [],
  entries: {},
  installs: {},
  load: { paths: [] },
};

/** A chat connector: present and not disabled means its plugin is loaded (its token is a secret in the state .env). */
export const connectorConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
});
export const CONNECTOR_IDS = ["telegram", "discord"] as const;
export type ConnectorId = (typeof CONNECTOR_IDS)[number];
export const connectorsConfigSchema = z
  .strictObject({
    telegram: connectorConfigSchema.optional(),
    discord: connectorConfigSchema.optional(),
  })
  .default({});

/** Feature flags. `shellEnabled: false` (the default) removes every way to run a shell command. */
export const featuresConfigSchema = z
  .object({ shellEnabled: z.boolean().default(false) })
  .catchall(z.boolean())
  .default({ shellEnabled: false });

/** An MCP server started over stdio by @elizaos/plugin-mcp. */
export const mcpServerSchema = z.strictObject({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  enabled: z.boolean().default(true),
});
export type McpServerConfig = z.infer<typeof mcpServerSchema>;
export const mcpConfigSchema = z
  .strictObject({ servers: z.record(z.string(), mcpServerSchema).default({}) })
  .default({ servers: {} });

/** The autonomy loop: off by default; when on, it wakes the agent every intervalMinutes within a cap of model calls per hour. */
export const autonomyConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    intervalMinutes: z.number().int().min(1).max(1440).default(30),
    maxModelCallsPerHour: z.number().int().min(1).max(1000).default(12),
  })
  .default({ enabled: false, intervalMinutes: 30, maxModelCallsPerHour: 12 });
export type AutonomyConfig = z.infer<typeof autonomyConfigSchema>;

/** Secret names that belong to Milady itself: a plugin can never declare (and so overwrite or read) them. */
const RESERVED_SECRETS = new Set(["MILADY_API_TOKEN", "MILADY_OWNER_TOKEN"]);

/** Every secret name the configured plugins declare (plugins.entries.*.secrets), without Milady's own tokens. */
export function pluginSecretNames(plugins: { entries?: Record<string, { secrets?: string[] }> } | undefined): string[] {
  const out = new Set<string>();
  for (const entry of Object.values(plugins?.entries ?? {})) {
    for (const name of entry?.secrets ?? []) if (!RESERVED_SECRETS.has(name)) out.add(name);
  }
  return [...out];
}

/** A parameter name that holds a secret whatever its package.json says. */
export function looksSecret(name: string): boolean {
  return /(^|_)(TOKEN|KEY|SECRET|PASSWORD|PASS|PRIVATE_KEY|API_KEY|CREDENTIALS?)$/i.test(name);
}
