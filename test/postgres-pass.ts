/**
 * Which integration files `npm test` runs a second time with MILADY_TEST_DB=postgres (every
 * Milady they start gets a fresh database on one PostgreSQL 17 + pgvector server), and why each
 * other file is not in that pass. run-all.ts refuses an integration file listed in neither, so a
 * new test is placed deliberately (test/README.md, "MILADY_TEST_DB").
 */
export const POSTGRES_PASS = [
  // The agent's database in use: chat, history, restarts, crashes, triggers, knowledge, plugins' rows.
  "chat-roundtrip.test.ts",
  "graceful-shutdown.test.ts",
  "runner-restart.test.ts",
  "agent-crash.test.ts",
  "triggers.test.ts",
  "milady-plugin.test.ts",
  "local-gguf.test.ts",
  "security-and-errors.test.ts",
  "single-instance.test.ts",
  "connectors.test.ts",
  "mcp.test.ts",
  "plugins-api.test.ts",
  "plugins-load.test.ts",
  "plugins-eject.test.ts",
  // One agent's rows out of and back into the database (raw SQL in transactions, a pool on PostgreSQL).
  "agent-archive.test.ts",
  // Conversations found again by the client's key (room metadata), usage, a stopped agent.
  "openai-api.test.ts",
];

export const NOT_IN_POSTGRES_PASS: Record<string, string> = {
  "database-damage.test.ts": "PGlite only by nature: damaged PGlite files, repair and replacement at start",
  "database-errors.test.ts":
    "PGlite only by nature: a full disk under the state dir's PGlite (the NUL checks run before any database)",
  "doctor-and-postgres.test.ts":
    "starts its own servers (PostgreSQL 15 without pgvector, 17 with it) in the first pass",
  "knowledge-postgres.test.ts": "runs the knowledge SQL on its own PostgreSQL 15 in the first pass",
  "postgres-two-agents.test.ts": "always on PostgreSQL (two agents on one database), first pass",
  "postgres-outage.test.ts": "always on PostgreSQL (its own server, stopped and started), first pass",
  "postgres-migrate.test.ts": "always on PostgreSQL (PGlite -> PostgreSQL), first pass",
  "next-turn-preload.test.ts":
    "the local model's prompt reuse; the history it reads is the same on both stores (local-gguf.test.ts runs on PostgreSQL)",
  "bundle.test.ts": "packaging: the bundle starts, the chat path is covered above",
  "config-and-cli.test.ts": "config files and CLI output; no agent database",
  "desktop-app.test.ts": "desktop shell lifecycle; no agent database",
  "desktop-build.test.ts": "desktop build output; no agent database",
  "desktop-update-feed.test.ts": "update feed; no agent database",
  "electrobun-updater.test.ts": "Electrobun's updater; no agent database",
  "self-update.test.ts": "npm self-update; no agent database",
  "lan.test.ts": "LAN TLS and pairing; no database behaviour beyond the chat covered above",
  "lan-discovery.test.ts": "mDNS in network namespaces; no agent database",
  "plugins-cli.test.ts": "plugin install/remove on disk; no agent database",
  "plugins-install.test.ts": "npm installs into the state dir; no agent database",
  "character-import.test.ts":
    "character files into milady.json and .env; the agent's row is updated as in chat-roundtrip",
  "deploy.test.ts": "deployment files and the bundle's imports; no agent database",
};
