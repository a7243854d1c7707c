/**
 * Baseline: elizaOS's own message pipeline with no HTTP, no worker hop, no server.
 *
 *   bun test/bench/bare-handle-message.ts --variant milady|plain --count N --data-dir DIR
 *
 * milady: the runtime exactly as Milady's agent builds it (src-agent/runtime startAgent,
 *         scripted model, PGlite), then runtime.messageService.handleMessage per turn.
 * plain:  a bare AgentRuntime with plugin-sql + plugin-bootstrap + the scripted model (what
 *         the elizaOS server runs), same init order and the same DM room setup.
 * Each turn saves the reply from the callback (core does not in "simple" mode), as a chat
 * app must. Prints one JSON line {variant, n, p50, p99, ...} on stdout, then exits
 * (runtime.stop() leaves 30 s timers behind, see docs/dependency-notes.md).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AgentRuntime, type Content, type IAgentRuntime, type Memory, type UUID } from "@elizaos/core";
import bootstrapPlugin from "@elizaos/plugin-bootstrap";
import sqlPlugin from "@elizaos/plugin-sql";
import { ConversationStore } from "../../src-agent/modules/conversations";
import { createScriptedModelPlugin, HASH_EMBEDDING_DIMENSION } from "../../src-agent/plugins/scripted-model";
import { MILADY_AGENT_ID, startAgent, toElizaCharacter } from "../../src-agent/runtime";
import { DbHealth } from "../../src-agent/runtime/db-health";
import { sqlClientFromDb } from "../../src-agent/runtime/sql-client";
import { newId } from "../../src-shared/ids";
import { DEFAULT_CHARACTER } from "../../src-shared/protocol/character";
import { summarize } from "./stats";
import { countTurnCosts, resetCounters } from "./turn-counters";

const { values } = parseArgs({
  options: {
    variant: { type: "string", default: "milady" },
    count: { type: "string", default: "200" },
    warmup: { type: "string", default: "3" },
    "budget-ms": { type: "string", default: "120000" },
    "data-dir": { type: "string" },
    /** Also print the statements of the measured turns, most frequent first, on stderr. */
    profile: { type: "boolean", default: false },
  },
});
const variant = values.variant === "plain" ? "plain" : "milady";
const count = Number(values.count);
const warmup = Number(values.warmup);
const stateDirArg = values["data-dir"];
if (!stateDirArg || !Number.isInteger(count) || count < 1) {
  process.stderr.write(
    "usage: bun test/bench/bare-handle-message.ts --variant milady|plain --count N --data-dir DIR\n",
  );
  process.exit(2);
}
const stateDir: string = stateDirArg;
mkdirSync(stateDir, { recursive: true });
const dataDir = join(stateDir, "db");
const crash = (): never => process.exit(70);
const quiet = { error() {}, warn() {}, info() {}, debug() {} };

async function buildRuntime(): Promise<IAgentRuntime> {
  if (variant === "milady") {
    const handle = await startAgent(
      {
        stateDir,
        agentId: MILADY_AGENT_ID,
        dataDir,
        modelsDir: join(stateDir, "models"),
        character: DEFAULT_CHARACTER,
        provider: "scripted",
        local: { threads: 1, contextSize: 4096, maxTokens: 512, idleUnloadSeconds: 600, temperature: 0.7 },
        secrets: {},
        logLevel: "warn",
        plugins: { plugins: [], settings: {} },
      },
      { log: quiet, emit: () => {}, paused: () => false, dbHealth: new DbHealth(() => {}), crash },
    );
    return handle.runtime;
  }
  const character = toElizaCharacter(DEFAULT_CHARACTER, MILADY_AGENT_ID);
  const runtime = new AgentRuntime({
    agentId: character.id,
    character,
    plugins: [],
    settings: {
      PGLITE_DATA_DIR: dataDir,
      BOOTSTRAP_KEEP_RESP: "false",
      EMBEDDING_DIMENSION: String(HASH_EMBEDDING_DIMENSION),
    },
  });
  // Working init order on a fresh PGlite (docs/dependency-notes.md).
  await runtime.registerPlugin(sqlPlugin);
  await runtime.adapter.init();
  await runtime.runPluginMigrations();
  await runtime.initialize();
  await runtime.registerPlugin(bootstrapPlugin);
  await runtime.registerPlugin(createScriptedModelPlugin({ crash }));
  await runtime.ensureEmbeddingDimension();
  return runtime;
}

const runtime = await buildRuntime();
const store = new ConversationStore(runtime);
await store.init();
const conversation = await store.create("bench");
const room = await store.room(conversation.id);

async function turn(text: string): Promise<void> {
  const memory = store.userMemory(room, text, {});
  let reply: string | undefined;
  const callback = async (content: Content): Promise<Memory[]> => {
    if (reply !== undefined || !content.text) return [];
    const mem: Memory = {
      id: newId() as UUID,
      entityId: runtime.agentId,
      agentId: runtime.agentId,
      roomId: room.id,
      worldId: store.worldId,
      content: { text: content.text, source: "milady", inReplyTo: memory.id },
      createdAt: Math.max(Date.now(), (memory.createdAt ?? 0) + 1),
    };
    await runtime.createMemory(mem, "messages");
    reply = content.text;
    return [mem];
  };
  await runtime.messageService?.handleMessage(runtime, memory, callback);
  if (reply !== `Echo: ${text}`) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
}

for (let i = 0; i < warmup; i++) await turn(`warm up ${i}`);
const databaseBytes = async () => {
  const { rows } = await sqlClientFromDb(runtime.db).query<{ n: string }>(
    "SELECT pg_database_size(current_database())::text AS n",
  );
  return Number(rows[0]?.n ?? Number.NaN);
};
const bytesBefore = await databaseBytes();
const counters = countTurnCosts(runtime);
resetCounters(counters);
const cpuStart = process.cpuUsage();
const latencies: number[] = [];
// Bounded in time as well as count: on a loaded machine fewer turns are measured (n says how many).
const deadline = performance.now() + Number(values["budget-ms"]);
for (let i = 0; i < count && performance.now() < deadline; i++) {
  const start = performance.now();
  await turn(`bench message number ${i}`);
  latencies.push(performance.now() - start);
  // Back to the event loop between turns, as a server is between requests. A loop of awaits alone
  // never lets a timer run: bootstrap's embedding queue (a 100 ms interval) then embeds no message
  // during the measured turns, and the baseline leaves out work every real turn causes.
  await new Promise<void>((resolve) => setImmediate(resolve));
}
const cpu = process.cpuUsage(cpuStart);
const turns = Math.max(1, latencies.length);
const bytesAfter = await databaseBytes();
const perTurn = {
  sqlPerTurn: counters.sql / turns,
  modelCallsPerTurn: counters.modelCalls / turns,
  cpuMsPerTurn: (cpu.user + cpu.system) / 1000 / turns,
  dbKbPerTurn: (bytesAfter - bytesBefore) / 1024 / turns,
};
if (values.profile) {
  // Per turn: how often, and the ms from the call to the answer (PGlite's queue included).
  const top = [...counters.statements].sort((a, b) => b[1] - a[1]).slice(0, 40);
  for (const [statement, n] of top) {
    const ms = (counters.statementMs.get(statement) ?? 0) / turns;
    process.stderr.write(`${(n / turns).toFixed(2).padStart(6)} ${ms.toFixed(1).padStart(6)} ms  ${statement}\n`);
  }
}
process.stdout.write(`${JSON.stringify({ variant, ...summarize(latencies), ...perTurn })}\n`);
process.exit(0);
