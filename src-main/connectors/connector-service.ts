import { CONNECTOR_IDS, type ConnectorId, type McpServerConfig, maskSecret } from "../../src-shared/config";
import {
  type AgentExtensionsState,
  type ConnectorInfo,
  type ConnectorTestResult,
  connectorsContract,
  type McpServerInfo,
} from "../../src-shared/contracts";
import { MiladyError } from "../../src-shared/protocol";
import { checkConnectorToken } from "../../src-shared/protocol/connector-check";
import { CONNECTORS } from "../../src-shared/protocol/connectors";
import type { AgentController } from "../agent-host/types";
import type { ConfigStore } from "../config/types";
import type { Logger } from "../logging";
import type { InstallProgress, PluginInstaller } from "../plugins";
import {
  ALLOW_SCRIPTS,
  apiBaseOverride,
  connectorWanted,
  EXTENSION_SPECS,
  enabledMcpServers,
  installedPath,
  MCP_PLUGIN,
} from "./boot";

interface InstallJob {
  progress: string;
  error?: string;
  done: boolean;
}

export interface ConnectorServiceDeps {
  config: ConfigStore;
  agent: AgentController;
  installer: Pick<PluginInstaller, "install">;
  log: Logger;
  env?: Record<string, string | undefined>;
  /** Test Connection's bound (tests shorten it). */
  checkTimeoutMs?: number;
}

const EMPTY: AgentExtensionsState = { connectors: [], mcp: [] };
/** How long a status read waits for the agent before answering without its part. */
const AGENT_STATUS_TIMEOUT_MS = 3000;

/**
 * Connectors and MCP servers, main's side: configuration (tokens in the state .env, entries in
 * milady.json through the config store), on-demand installs of their plugins through the plugin
 * installer (never Milady dependencies), the token check, and the state a user sees, which joins
 * all that with what the running agent reports.
 */
export class ConnectorService {
  private readonly jobs = new Map<string, InstallJob>();
  /** Saved since the agent last started: the running agent does not have it yet. */
  private readonly pending = new Set<string>();
  private readonly offStatus: () => void;
  private lastState = "";

  constructor(private readonly deps: ConnectorServiceDeps) {
    this.offStatus = deps.agent.onStatus((status) => {
      // A (re)start took the saved config in: nothing is pending any more.
      if (status.state === "running" && this.lastState !== "running") this.pending.clear();
      this.lastState = status.state;
    });
    this.lastState = deps.agent.status().state;
    // What config asks for but is not installed (a hand edit, an install cut short) installs now.
    this.ensureInstalled();
  }

  dispose(): void {
    this.offStatus();
  }

  private env() {
    return this.deps.env ?? process.env;
  }

  /** Starts the installs config needs and that are not there or running yet. */
  ensureInstalled(): void {
    const config = this.deps.config.current();
    const secrets = this.deps.config.secrets();
    for (const id of CONNECTOR_IDS) {
      if (connectorWanted(config, secrets, id)) this.install(CONNECTORS[id].plugin, EXTENSION_SPECS[id]);
    }
    if (Object.keys(enabledMcpServers(config)).length > 0) this.install(MCP_PLUGIN, EXTENSION_SPECS.mcp);
  }

  private install(name: string, spec: string): void {
    if (installedPath(this.deps.config.current(), name)) return;
    const running = this.jobs.get(name);
    if (running && !running.done) return;
    const job: InstallJob = { progress: `installing ${spec}`, done: false };
    this.jobs.set(name, job);
    this.deps.log.info(`installing ${spec} (on demand, install scripts off)`);
    this.deps.installer
      .install(spec, {
        allowScripts: ALLOW_SCRIPTS,
        onProgress: (p: InstallProgress) => {
          job.progress = p.message;
        },
      })
      .then(
        () => {
          job.done = true;
          this.pending.add(name);
          this.jobs.delete(name);
          this.deps.log.info(`${spec} installed; restart the agent to load it`);
        },
        (err: unknown) => {
          job.done = true;
          const e = err as { message?: string; fix?: string };
          job.error = `${e.message ?? String(err)}${e.fix ? ` (${e.fix})` : ""}`;
          this.deps.log.warn(`could not install ${spec}: ${job.error}`);
        },
      );
  }

  /** The install of `name` now: running (progress), failed (error), or nothing. */
  installState(name: string): InstallJob | undefined {
    return this.jobs.get(name);
  }

  /** Waits for every running install (tests, and a CLI that wants to say when it is done). */
  async settled(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ([...this.jobs.values()].some((j) => !j.done)) {
      if (Date.now() > until) throw new MiladyError("timeout", "the plugin install is still running");
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async agentState(): Promise<AgentExtensionsState> {
    const { agent } = this.deps;
    if (agent.status().state !== "running") return EMPTY;
    return agent
      .call(connectorsContract, "status", {}, { waitForReady: false, timeoutMs: AGENT_STATUS_TIMEOUT_MS })
      .catch(() => EMPTY);
  }

  async list(): Promise<ConnectorInfo[]> {
    const live = await this.agentState();
    return CONNECTOR_IDS.map((id) => this.info(id, live));
  }

  private info(id: ConnectorId, live: AgentExtensionsState): ConnectorInfo {
    const def = CONNECTORS[id];
    const config = this.deps.config.current();
    const secrets = this.deps.config.secrets();
    const entry = config.connectors[id];
    const masked = Object.fromEntries(
      def.secrets.map((k) => [k, secrets[k] ? (maskSecret(secrets[k]) ?? null) : null]),
    );
    const installed = config.plugins.installs[def.plugin];
    const base = {
      id,
      label: def.label,
      plugin: def.plugin,
      secrets: masked,
      configured: !!entry && !!secrets[def.secrets[0]],
      enabled: !!entry && entry.enabled !== false,
      installedVersion: installedPath(config, def.plugin) ? installed?.version : undefined,
    };
    if (!base.configured) return { ...base, status: "not_configured" };
    if (!base.enabled) return { ...base, status: "disabled" };
    const job = this.jobs.get(def.plugin);
    if (job && !job.done) return { ...base, status: "installing", progress: job.progress };
    if (job?.error) return { ...base, status: "failed", reason: `its plugin could not be installed: ${job.error}` };
    const agentSide = live.connectors.find((c) => c.id === id);
    if (this.pending.has(id) || this.pending.has(def.plugin) || !agentSide) {
      const running = this.deps.agent.status().state === "running";
      return {
        ...base,
        status: "restart_required",
        reason: running ? "Saved. Restart the agent to connect." : "Saved. Start the agent to connect.",
      };
    }
    return { ...base, status: agentSide.status, reason: agentSide.reason, botName: agentSide.botName };
  }

  private async one(id: ConnectorId) {
    const live = await this.agentState();
    return { connector: this.info(id, live), restartRequired: this.pending.has(id) };
  }

  async configure(
    id: ConnectorId,
    body: { token?: string; applicationId?: string; enabled?: boolean },
  ): Promise<{ connector: ConnectorInfo; restartRequired: boolean }> {
    const def = CONNECTORS[id];
    const [tokenKey, idKey] = def.secrets;
    const secrets: Record<string, string> = {};
    if (body.token) secrets[tokenKey] = body.token;
    if (body.applicationId) {
      if (!idKey) throw new MiladyError("validation_failed", `applicationId: ${def.label} has no application id`);
      secrets[idKey] = body.applicationId;
    }
    const saved = this.deps.config.secrets();
    if (!secrets[tokenKey] && !saved[tokenKey]) {
      throw new MiladyError(
        "validation_failed",
        `token: ${def.label} needs its ${tokenKey}`,
        id === "telegram"
          ? "Create a bot with @BotFather and paste its token."
          : "Paste the bot token from the Discord Developer Portal (your application, then Bot, then Reset Token).",
      );
    }
    await this.deps.config.patch({
      config: { connectors: { [id]: { enabled: body.enabled ?? true } } },
      ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    });
    this.pending.add(id);
    this.deps.log.info(`${def.label} connector saved${body.enabled === false ? " (off)" : ""}`);
    this.ensureInstalled();
    return this.one(id);
  }

  async remove(id: ConnectorId) {
    const def = CONNECTORS[id];
    const config = this.deps.config.current();
    const saved = this.deps.config.secrets();
    if (!config.connectors[id] && !def.secrets.some((k) => saved[k])) {
      throw new MiladyError("not_found", `${def.label} is not configured`);
    }
    await this.deps.config.patch({
      config: { connectors: { [id]: null } },
      secrets: Object.fromEntries(def.secrets.map((k) => [k, ""])),
    });
    this.pending.add(id);
    this.deps.log.info(`${def.label} connector removed (token deleted)`);
    return this.one(id);
  }

  async test(id: ConnectorId, token?: string): Promise<ConnectorTestResult> {
    const def = CONNECTORS[id];
    const value = token ?? this.deps.config.secrets()[def.secrets[0]];
    if (!value) {
      throw new MiladyError("validation_failed", `token: no ${def.secrets[0]} is saved`, "Paste the token first.");
    }
    const verdict = await checkConnectorToken(id, value, {
      apiBase: apiBaseOverride(id, this.env()),
      timeoutMs: this.deps.checkTimeoutMs,
    });
    this.deps.log.info(`${def.label} Test Connection: ${verdict.result}`);
    return { id, ...verdict };
  }

  // ---------- MCP ----------

  async mcpList(): Promise<{
    servers: McpServerInfo[];
    plugin: { installedVersion?: string; progress?: string; error?: string };
  }> {
    const live = await this.agentState();
    const config = this.deps.config.current();
    const job = this.jobs.get(MCP_PLUGIN);
    const installedVersion = installedPath(config, MCP_PLUGIN)
      ? config.plugins.installs[MCP_PLUGIN]?.version
      : undefined;
    const servers = Object.entries(config.mcp.servers).map(([name, s]): McpServerInfo => {
      const base = {
        name,
        command: s.command,
        args: s.args,
        envKeys: Object.keys(s.env),
        enabled: s.enabled !== false,
      };
      if (!base.enabled) return { ...base, status: "disabled", tools: [] };
      if (job && !job.done) return { ...base, status: "installing", reason: job.progress, tools: [] };
      if (job?.error)
        return { ...base, status: "failed", reason: `plugin-mcp could not be installed: ${job.error}`, tools: [] };
      const agentSide = live.mcp.find((m) => m.name === name);
      if (this.pending.has(`mcp:${name}`) || this.pending.has(MCP_PLUGIN) || !agentSide) {
        return { ...base, status: "restart_required", reason: "Saved. Restart the agent to connect.", tools: [] };
      }
      return { ...base, status: agentSide.status, reason: agentSide.reason, tools: agentSide.tools };
    });
    return {
      servers,
      plugin: {
        installedVersion,
        progress: job && !job.done ? job.progress : undefined,
        error: job?.error,
      },
    };
  }

  async mcpSet(name: string, server: McpServerConfig) {
    // A merge would keep env keys the user removed: the old entry goes first.
    if (this.deps.config.current().mcp.servers[name]) {
      await this.deps.config.patch({ config: { mcp: { servers: { [name]: null } } } });
    }
    await this.deps.config.patch({ config: { mcp: { servers: { [name]: server } } } });
    this.pending.add(`mcp:${name}`);
    this.deps.log.info(`MCP server ${name} saved (${server.command})`);
    this.ensureInstalled();
    return this.mcpList();
  }

  async mcpRemove(name: string) {
    if (!this.deps.config.current().mcp.servers[name]) {
      throw new MiladyError("not_found", `there is no MCP server named ${name}`, "GET /api/mcp lists them.");
    }
    await this.deps.config.patch({ config: { mcp: { servers: { [name]: null } } } });
    this.pending.add(`mcp:${name}`);
    return this.mcpList();
  }
}
