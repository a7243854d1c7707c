import { AgentRuntime, ModelType, type UUID } from "@elizaos/core";
import bootstrapPlugin from "@elizaos/plugin-bootstrap";
import sqlPlugin from "@elizaos/plugin-sql";
import { maskUrlCredentials } from "../../src-shared/config/mask";
import {
  type AgentBootConfig,
  BOOTSTRAP_PLUGIN,
  type DbInfo,
  MILADY_PLUGIN,
  MiladyError,
  type ModelInfo,
  PGVECTOR_FIX,
  type PluginStatus,
  type WireError,
} from "../../src-shared/protocol";
import { AGENT_MODULES, type ModuleContext, type RequestContext } from "../modules";
import { extensionFailed, guardExtension } from "../modules/connectors";
import { fixReflectionCadence } from "./bootstrap-fixes";
import { toElizaCharacter } from "./character-map";
import { checkDatabase } from "./db-check";
import { damageWatch } from "./db-damage-watch";
import { safeErrorText } from "./db-errors";
import { recordCleanStop } from "./db-file-record";
import { boundLogRows } from "./log-rows";
import { composeMiladyPlugin } from "./milady-plugin";
import { chooseModelPlugin } from "./model-plugin";
import { ModuleDispatcher } from "./module-dispatcher";
import { keepClientErrorsInThePool } from "./pg-client-errors";
import { type DbBootPlan, startOnPglite } from "./pglite-start";
import { loadPlugins } from "./plugin-loader";
import { watchPostgres } from "./postgres-watch";
import { cacheAdapterReads } from "./read-cache";
import { recordSchema, schemaIsCurrent } from "./schema-record";
import { type SqlClient, sqlClientFromDb } from "./sql-client";
import { stabilizePromptOrder } from "./stable-prompt";
import type { AgentDeps } from "./types";
import { withholdFailedStatements } from "./withhold-statements";

export interface AgentHandle {
  runtime: AgentRuntime;
  agentId: string;
  model: ModelInfo;
  canReply: boolean;
  reason?: WireError;
  plugins: PluginStatus[];
  db: DbInfo;
  /** Calls `method` of module `channel`; params are checked against the capability's contract first. */
  dispatch(channel: string, method: string, params: unknown, ctx: RequestContext): Promise<unknown>;
  stop(): Promise<void>;
}

function defaultNoModel(boot: AgentBootConfig): WireError {
  return (
    boot.noModelReason ?? {
      code: "no_model",
      message: "No model is configured, so the agent cannot reply.",
      fix: "Choose a model in the Models tab (a local GGUF or a provider key).",
    }
  );
}

/**
 * Boots the runtime once. On PGlite the database is checked first and repaired, restored or
 * replaced when it must be (pglite-start.ts); PostgreSQL is the server's own business.
 * `opening`: prepareOnPglite already called (the database opening while this module loaded).
 */
export async function startAgent(
  boot: AgentBootConfig,
  deps: AgentDeps,
  opening?: Promise<DbBootPlan>,
): Promise<AgentHandle> {
  withholdFailedStatements();
  if (boot.postgresUrl) return bootOnce(boot, deps);
  return startOnPglite(boot, deps.log, (plan) => bootOnce(boot, deps, plan), opening);
}

async function bootOnce(
  boot: AgentBootConfig,
  deps: AgentDeps,
  plan: DbBootPlan = { recoveries: [] },
): Promise<AgentHandle> {
  const { log } = deps;
  const agentId = boot.agentId as UUID;
  const modelChoice = chooseModelPlugin(boot, deps);
  const db: DbInfo = boot.postgresUrl
    ? { kind: "postgres", location: maskUrlCredentials(boot.postgresUrl) }
    : { kind: "pglite", location: boot.dataDir };
  const recoveries = [...plan.recoveries];

  const settings: Record<string, string> = {
    // plugins.entries.<name>.config (non-secret) first: a secret or Milady's own setting wins over it.
    ...boot.plugins.settings,
    ...boot.secrets,
    ...(modelChoice?.settings ?? {}),
    // DM rooms skip the should-respond call; simple mode answers in one model call.
    BOOTSTRAP_KEEP_RESP: "false",
  };
  if (boot.postgresUrl) settings.POSTGRES_URL = boot.postgresUrl;
  else settings.PGLITE_DATA_DIR = boot.dataDir;

  const runtime = new AgentRuntime({
    agentId,
    character: toElizaCharacter(boot.character, agentId),
    plugins: [],
    settings,
  });

  // Order that works on a fresh PGlite (docs/dependency-notes.md): core looks up the agent
  // before migrating, so the schema must exist before initialize().
  const t0 = Date.now();
  await runtime.registerPlugin(sqlPlugin);
  const sql = sqlClientFromDb(runtime.db);
  if (boot.postgresUrl) keepClientErrorsInThePool(sql, log);
  if (boot.logLevel !== "debug") boundLogRows(runtime);
  cacheAdapterReads(runtime.adapter);
  await runtime.adapter.init();
  if (boot.postgresUrl) await requirePgvector(runtime, db.location);
  // PGlite opens (and replays its WAL) on the first query, not in init().
  await sql.query("SELECT 1");
  const tDb = Date.now();
  // Before the migrations: they must not be the first to read a damaged table.
  if (!boot.postgresUrl) {
    const repaired = await checkDatabase(sql, boot.dataDir, log, plan.repair);
    if (repaired) recoveries.push(repaired);
  }
  if (plan.backup) db.recoveredBackup = plan.backup;
  if (recoveries.length > 0) db.recoveries = recoveries;
  const tCheck = Date.now();
  const migrated = await migrateUnlessCurrent(runtime, sql, boot, plan, recoveries.length > 0, log);
  const tMigrate = Date.now();
  // The migrations just ran: initialize() would run them a second time (beside ensureWorldExists).
  await runtime.initialize({ skipMigrations: true });
  log.debug(
    "runtime",
    `db open ${tDb - t0} ms, check ${tCheck - tDb} ms, migrations ${migrated ? "" : "skipped, "}${tMigrate - tCheck} ms, initialize ${Date.now() - tMigrate} ms`,
  );

  let reason: WireError | undefined;
  const moduleContext: ModuleContext = {
    runtime,
    boot,
    log,
    emit: deps.emit,
    cannotReply: () => reason,
    paused: deps.paused,
    dbHealth: deps.dbHealth,
    crash: deps.crash,
  };
  const modules = new ModuleDispatcher(AGENT_MODULES, moduleContext);

  // The model plugin goes first: bootstrap's embedding service checks for TEXT_EMBEDDING when it starts.
  const core = [
    ...(modelChoice ? [{ name: modelChoice.name, load: modelChoice.load }] : []),
    {
      name: BOOTSTRAP_PLUGIN,
      load: async () => {
        fixReflectionCadence(bootstrapPlugin);
        stabilizePromptOrder(bootstrapPlugin);
        return bootstrapPlugin;
      },
    },
    { name: MILADY_PLUGIN, load: async () => composeMiladyPlugin(modules.pluginParts()) },
  ];
  const plugins = [
    ...(await loadPlugins({
      runtime,
      plan: boot.plugins,
      core,
      modelPlugin: modelChoice?.name,
      log,
      // Connectors and MCP, each behind a guard: one that cannot connect never blocks the start.
      guard: (name, plugin) => guardExtension(name, plugin, boot, log),
      importFailed: (name, reason) => extensionFailed(name, reason, boot),
      emit: deps.emit,
    })),
    ...modules.pluginStatuses(),
  ];

  // initialize() ran before any model plugin existed; set up the embedding column now.
  const modelLoaded = !!modelChoice && plugins.some((p) => p.name === modelChoice.name && p.status === "loaded");
  if (modelLoaded && runtime.getModel(ModelType.TEXT_EMBEDDING)) {
    try {
      const dim = await modelChoice?.embeddingDimension?.();
      if (dim) runtime.setSetting("EMBEDDING_DIMENSION", String(dim));
      await runtime.ensureEmbeddingDimension();
    } catch (err) {
      log.warn("models", `could not set up embeddings: ${safeErrorText(err)}`);
    }
  }

  if (boot.provider === "none" || !modelChoice || boot.noModelReason) reason = defaultNoModel(boot);
  else if (!modelLoaded) {
    const failed = plugins.find((p) => p.name === modelChoice.name);
    reason = {
      code: "no_model",
      message: `The ${boot.provider} model could not be loaded: ${failed?.reason ?? failed?.status ?? "unknown error"}`,
      fix: "Check the model settings in the Models tab, then restart the agent.",
    };
  }

  await modules.start();
  let stopWatch = () => undefined as void;
  if (!boot.postgresUrl) {
    const dbHealth = deps.dbHealth;
    dbHealth.watchDamage(damageWatch({ sql, dataDir: boot.dataDir, damaged: (p) => dbHealth.damaged(p), log }));
  } else stopWatch = watchPostgres(sql, deps.dbHealth, log);

  return {
    runtime,
    agentId,
    model: modelChoice?.model ?? { provider: boot.provider, loaded: false },
    canReply: !reason,
    reason,
    plugins,
    db,
    dispatch: (channel, method, params, ctx) => modules.dispatch(channel, method, params, ctx),
    stop: async () => {
      stopWatch();
      await modules.stop();
      await runtime.stop().catch((e) => log.warn("runtime", `stop: ${(e as Error).message}`));
      // stop() leaves PGlite open (docs/dependency-notes.md): close it so the data dir is flushed.
      const closed = await runtime.close().then(
        () => true,
        (e) => log.warn("db", `close: ${safeErrorText(e)}`),
      );
      if (closed && !boot.postgresUrl) recordCleanStop(boot.dataDir);
    },
  };
}

/**
 * plugin-sql's migrations, unless the schema record says they would change nothing
 * (schema-record.ts; PGlite only, never after a repair). Returns whether they ran.
 */
async function migrateUnlessCurrent(
  runtime: AgentRuntime,
  sql: SqlClient,
  boot: AgentBootConfig,
  plan: DbBootPlan,
  recovered: boolean,
  log: AgentDeps["log"],
): Promise<boolean> {
  if (boot.postgresUrl) {
    await runtime.runPluginMigrations();
    return true;
  }
  const plugins = runtime.plugins.filter((p) => p.schema).map((p) => p.name);
  const seeded = plan.seeded === true;
  if (!recovered && !plan.repair && (await schemaIsCurrent(sql, boot.dataDir, plugins, seeded))) {
    log.info("db", "schema current (as recorded after its last migrations): migrations not run again");
    if (seeded) await recordSchema(sql, boot.dataDir, plugins);
    return false;
  }
  await runtime.runPluginMigrations();
  await recordSchema(sql, boot.dataDir, plugins);
  return true;
}

/** plugin-sql's schema needs the `vector` type: say so plainly instead of failing a migration with raw SQL. */
async function requirePgvector(runtime: AgentRuntime, where: string): Promise<void> {
  const sql = sqlClientFromDb(runtime.db);
  const { rows } = await sql.query("select 1 from pg_available_extensions where name = 'vector'");
  if (rows.length === 0) {
    throw new MiladyError("db_error", `the PostgreSQL server at ${where} has no pgvector extension`, PGVECTOR_FIX);
  }
}
