import { z } from "zod";
import { CONNECTOR_IDS } from "../config/extensions-schema";
import { capability, method, route } from "./define";

/**
 * Chat connectors (Telegram, Discord) and MCP servers: what extends the agent beyond the
 * dashboard. Main owns configuration, installs (through the plugin installer) and the token
 * check; the agent reports how its connector plugins and MCP servers are doing.
 */

export const connectorIdSchema = z.enum(CONNECTOR_IDS);

/**
 * Where a connector is, in the order a user lives it: nothing set, its plugin being installed,
 * installed but the running agent started without it (restart), connecting, connected, failed.
 */
export const connectorStatusSchema = z.enum([
  "not_configured",
  "installing",
  "restart_required",
  "connecting",
  "connected",
  "failed",
  "disabled",
]);
export type ConnectorStatus = z.infer<typeof connectorStatusSchema>;

/** What the agent knows about one connector plugin it loaded. */
export const agentConnectorStateSchema = z.object({
  id: connectorIdSchema,
  status: z.enum(["connecting", "connected", "failed"]),
  reason: z.string().optional(),
  /** The bot's name on the service once connected (e.g. "@my_bot"). */
  botName: z.string().optional(),
});
export type AgentConnectorState = z.infer<typeof agentConnectorStateSchema>;

export const mcpToolSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  /** The elizaOS action plugin-mcp made for the tool (what a model names to call it). */
  action: z.string().optional(),
});

export const mcpServerStateSchema = z.object({
  name: z.string(),
  status: z.enum(["connecting", "connected", "failed"]),
  reason: z.string().optional(),
  tools: z.array(mcpToolSchema),
});
export type McpServerState = z.infer<typeof mcpServerStateSchema>;

const agentExtensionsSchema = z.object({
  connectors: z.array(agentConnectorStateSchema),
  mcp: z.array(mcpServerStateSchema),
});
export type AgentExtensionsState = z.infer<typeof agentExtensionsSchema>;

export const connectorInfoSchema = z.object({
  id: connectorIdSchema,
  label: z.string(),
  plugin: z.string(),
  /** The secrets it takes, masked ("12…cd") or null when unset; never the value. */
  secrets: z.record(z.string(), z.string().nullable()),
  configured: z.boolean(),
  enabled: z.boolean(),
  /** The plugin's install record (version), when it is installed. */
  installedVersion: z.string().optional(),
  status: connectorStatusSchema,
  reason: z.string().optional(),
  botName: z.string().optional(),
  /** The last line of the install's progress while installing. */
  progress: z.string().optional(),
});
export type ConnectorInfo = z.infer<typeof connectorInfoSchema>;

export const connectorTestResultSchema = z.object({
  id: connectorIdSchema,
  /** ok: the service accepted the token; rejected: it refused it; unreachable: no answer in time. */
  result: z.enum(["ok", "rejected", "unreachable"]),
  message: z.string(),
  botName: z.string().optional(),
});
export type ConnectorTestResult = z.infer<typeof connectorTestResultSchema>;

export const connectorConfigureSchema = z.strictObject({
  /** TELEGRAM_BOT_TOKEN or DISCORD_API_TOKEN; omitted keeps the saved one. */
  token: z.string().trim().min(1).max(512).optional(),
  /** DISCORD_APPLICATION_ID (Discord only). */
  applicationId: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, { error: "must be the application's numeric id" })
    .optional(),
  enabled: z.boolean().optional(),
});

export const mcpServerInfoSchema = z.object({
  name: z.string(),
  command: z.string(),
  args: z.array(z.string()),
  /** Names of the env variables given to the server (values are not shown: they may be keys). */
  envKeys: z.array(z.string()),
  enabled: z.boolean(),
  status: z.enum(["disabled", "installing", "restart_required", "connecting", "connected", "failed"]),
  reason: z.string().optional(),
  tools: z.array(mcpToolSchema),
});
export type McpServerInfo = z.infer<typeof mcpServerInfoSchema>;

export const MCP_SERVER_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/i;
export const mcpServerBodySchema = z.strictObject({
  command: z.string().trim().min(1).max(1000),
  args: z.array(z.string().max(4000)).max(100).default([]),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(4000)).default({}),
  enabled: z.boolean().default(true),
});

const connectorList = z.object({ connectors: z.array(connectorInfoSchema) });
const connectorOne = z.object({ connector: connectorInfoSchema, restartRequired: z.boolean() });
const mcpList = z.object({
  servers: z.array(mcpServerInfoSchema),
  /** The state of @elizaos/plugin-mcp itself (installing, its version, an install error). */
  plugin: z.object({
    installedVersion: z.string().optional(),
    progress: z.string().optional(),
    error: z.string().optional(),
  }),
});

export const connectorsContract = capability({
  name: "connectors",
  channel: {
    /** How the connector plugins and MCP servers the agent loaded are doing now. */
    status: method(z.object({}), agentExtensionsSchema),
  },
  routes: {
    list: route({
      method: "GET",
      path: "/api/connectors",
      response: connectorList,
      errors: [],
      access: "owner",
      summary: "every connector with its state (not configured, installing, connecting, connected, failed with why)",
    }),
    configure: route({
      method: "PUT",
      path: "/api/connectors/:id",
      body: connectorConfigureSchema,
      response: connectorOne,
      errors: ["validation_failed", "not_found"],
      summary:
        "save a connector's token (into the state .env) and turn it on; its plugin is installed in the background, then restart the agent",
    }),
    remove: route({
      method: "DELETE",
      path: "/api/connectors/:id",
      response: connectorOne,
      errors: ["not_found"],
      summary: "turn a connector off and delete its token (the installed plugin stays for next time)",
    }),
    test: route({
      method: "POST",
      path: "/api/connectors/:id/test",
      body: z.strictObject({ token: z.string().trim().min(1).max(512).optional() }),
      response: connectorTestResultSchema,
      errors: ["validation_failed", "not_found"],
      summary: "check a token (the given one, else the saved one) against the service's API, with a timeout",
    }),
    mcpList: route({
      method: "GET",
      path: "/api/mcp",
      response: mcpList,
      errors: [],
      access: "owner",
      summary: "MCP servers from config with their state and tools (from the running agent)",
    }),
    mcpSet: route({
      method: "PUT",
      path: "/api/mcp/servers/:name",
      body: mcpServerBodySchema,
      response: mcpList,
      errors: ["validation_failed"],
      summary:
        "add or change a stdio MCP server (installs @elizaos/plugin-mcp when needed); applies at the agent's restart",
    }),
    mcpRemove: route({
      method: "DELETE",
      path: "/api/mcp/servers/:name",
      response: mcpList,
      errors: ["validation_failed", "not_found"],
      summary: "remove an MCP server from config; applies at the agent's restart",
    }),
  },
});
