/**
 * The elizaOS peer for the bench: @elizaos/server 1.7.2's AgentServer in its own process,
 * one agent with the same character and the same scripted model (test double) as Milady.
 *
 *   bun test/bench/elizaos-peer.ts --data-dir DIR --port PORT
 *
 * Listens on 127.0.0.1 only (SERVER_HOST), with the server's web UI off, and writes
 * DIR/peer.run.json {pid, url, port, agentId} once startAgents() has resolved: that moment
 * is the peer's "agent ready". The harness (peer-target.ts) drives it over HTTP.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { "data-dir": { type: "string" }, port: { type: "string" } },
});
const dataDir = values["data-dir"];
const port = Number(values.port);
if (!dataDir || !Number.isInteger(port) || port < 1) {
  process.stderr.write("usage: bun test/bench/elizaos-peer.ts --data-dir DIR --port PORT (1-65535)\n");
  process.exit(2);
}

// Loopback only, no web UI, quiet logs: set before the server module reads them.
process.env.SERVER_HOST = "127.0.0.1";
process.env.ELIZA_UI_ENABLE = "false";
process.env.LOG_LEVEL ??= "warn";
process.env.SENTRY_DSN = "";
process.env.ELIZA_TELEMETRY_DISABLED ??= "true";

const [
  { AgentServer },
  bootstrap,
  { DEFAULT_CHARACTER },
  { createScriptedModelPlugin, HASH_EMBEDDING_DIMENSION },
  { MILADY_AGENT_ID, toElizaCharacter },
] = await Promise.all([
  import("@elizaos/server"),
  import("@elizaos/plugin-bootstrap"),
  import("../../src-shared/protocol/character"),
  import("../../src-agent/plugins/scripted-model"),
  import("../../src-agent/runtime/character-map"),
]);

const character = toElizaCharacter(DEFAULT_CHARACTER, MILADY_AGENT_ID);
// Same settings Milady hands its runtime for the scripted model (start-agent.ts):
// one model call per DM turn, and the embedding dimension known up front.
character.settings = { BOOTSTRAP_KEEP_RESP: "false", EMBEDDING_DIMENSION: String(HASH_EMBEDDING_DIMENSION) };

const scripted = createScriptedModelPlugin({
  crash: () => process.exit(70),
});

const server = new AgentServer();
// start() runs initialize({dataDir}) (PGlite + migrations), then listens, as the server CLI does.
await server.start({ dataDir, port });
const [runtime] = await server.startAgents([
  { character, plugins: [(bootstrap as { default: unknown }).default ?? bootstrap, scripted] as never[] },
]);
if (!runtime) {
  process.stderr.write("elizaOS peer: startAgents returned no runtime\n");
  process.exit(1);
}

writeFileSync(
  join(dataDir, "peer.run.json"),
  `${JSON.stringify({ pid: process.pid, url: `http://127.0.0.1:${port}`, port, agentId: runtime.agentId })}\n`,
);

// AgentServer registers its own SIGTERM handler; this one makes sure we do not linger
// (core leaves a 30 s timer per service, see docs/dependency-notes.md).
process.on("SIGTERM", () => setTimeout(() => process.exit(0), 200));
