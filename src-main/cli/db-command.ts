import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SQL } from "bun";
import type { Command } from "commander";
import { databaseChoice, maskUrlCredentials } from "../../src-shared/config";
import { prepareBootConfig } from "../app/boot-config";
import { APP_ROOT, BUNDLED } from "../app/paths";
import { acquireStateLock, StateDirLocked } from "../app/state-lock";
import type { FileConfigStore } from "../config";
import { fail, globalOptions, openConfig } from "./context";
import { checkPostgres } from "./postgres-check";

/** The agent side of the copy, started by path (src-main never imports src-agent). */
const MIGRATE_ENTRY = BUNDLED
  ? join(APP_ROOT, "dist", "agent", "db-migrate-entry.js")
  : join(APP_ROOT, "src-agent", "db-migrate-entry.ts");

interface TableCount {
  table: string;
  source: number;
  target: number;
  scope: "agent" | "shared";
  ok: boolean;
}

/** A refusal: nothing was changed; the fix says what to do. */
class Refused extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

export function registerDbCommand(program: Command): void {
  const db = program.command("db").description("the agent's database (PGlite in the state dir, or PostgreSQL)");
  db.command("migrate")
    .description("copy this state dir's PGlite data into PostgreSQL, check the counts, then switch to it")
    .requiredOption("--to <url>", "the PostgreSQL server, e.g. postgres://milady:secret@db.example:5432/milady")
    .option("--force", "replace this agent's rows the target already holds (from an earlier migrate)")
    .action(async (opts: { to: string; force?: boolean }, command: Command) => {
      const global = globalOptions(command);
      const store = openConfig(global);
      try {
        await migrate(store, opts.to, opts.force === true);
      } catch (error) {
        if (error instanceof Refused) {
          process.stderr.write(`milady db migrate: ${error.message}\n    fix: ${error.fix}\nNothing was changed.\n`);
          process.exit(1);
        }
        fail(error, global);
      }
    });
}

async function migrate(store: FileConfigStore, url: string, force: boolean): Promise<void> {
  const where = maskUrlCredentials(url);
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Refused(
      `--to must be a PostgreSQL URL, not "${where}"`,
      "e.g. --to postgres://user:password@host:5432/db",
    );
  }
  const { stateDir, dataDir } = store.paths;
  let lock: ReturnType<typeof acquireStateLock>;
  try {
    // Held for the whole copy: a Milady started meanwhile is refused instead of writing to the source.
    lock = acquireStateLock(stateDir, "headless");
  } catch (error) {
    if (!(error instanceof StateDirLocked)) throw error;
    throw new Refused(
      `Milady is running on ${stateDir} (pid ${error.owner.pid}); its database must not change during the copy`,
      `Stop it first: quit the desktop app, press Ctrl+C where \`milady start\` runs, or \`kill -TERM ${error.owner.pid}\` (systemd: systemctl stop milady); then run this again.`,
    );
  }
  try {
    const current = safeChoice(store);
    if (current === "postgres") {
      throw new Refused(
        "this state dir already uses PostgreSQL",
        "db migrate copies the embedded PGlite database; to go back to it: `milady config set database.provider pglite`",
      );
    }
    const fileUrl = store.current().database.postgresUrl;
    if (fileUrl && fileUrl !== url) {
      throw new Refused(
        `milady.json names another server in database.postgresUrl (${maskUrlCredentials(fileUrl)})`,
        "Remove database.postgresUrl from milady.json (the migrated URL goes to the state dir's .env as POSTGRES_URL), or migrate to that server.",
      );
    }
    if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) {
      throw new Refused(
        `there is no PGlite database to copy in ${dataDir}`,
        "Nothing to migrate: set database.provider postgres and database.postgresUrl (or POSTGRES_URL) and start Milady.",
      );
    }
    say(`checking ${where}`);
    const check = await checkPostgres(url);
    if (check.status === "fail") throw new Refused(check.detail, check.fix ?? "see `milady doctor`");
    say(check.detail);
    const boot = await prepareBootConfig(store);
    const existing = await agentRowsOnTarget(url, boot.agentId);
    if (existing && !force) {
      throw new Refused(
        `${where} already holds this agent's data (agent ${boot.agentId}: an earlier migrate, a start against it, or another state dir running the same agent, e.g. one that imported this agent's archive)`,
        "If no other Milady uses this agent there, run again with --force to replace this agent's rows with the PGlite copy (other agents' rows are kept); otherwise use another database.",
      );
    }
    const tables = await runCopy(boot, url);
    printCounts(tables);
    const bad = tables.filter((t) => !t.ok);
    if (bad.length > 0) {
      throw new Error(
        `the counts differ for ${bad.map((t) => t.table).join(", ")}: the config was NOT switched; Milady keeps using PGlite (${dataDir})`,
      );
    }
    // One atomic write through the config store: the URL (it may hold a password) to the .env, the provider to milady.json.
    await store.patch(
      { config: { database: { provider: "postgres" } }, secrets: { POSTGRES_URL: url } },
      { allowAnySecret: true },
    );
    say(
      `\nSwitched to PostgreSQL at ${where} (database.provider postgres; the URL is POSTGRES_URL in ${store.paths.envFile}).\n` +
        `The PGlite database stays untouched in ${dataDir} as the fallback: \`milady config set database.provider pglite\` goes back to it.\n` +
        "Start Milady as usual.",
    );
  } finally {
    lock.release();
  }
}

function safeChoice(store: FileConfigStore): "pglite" | "postgres" {
  try {
    return databaseChoice(store.current(), store.secrets()).provider;
  } catch {
    return "postgres"; // provider postgres without a URL: not PGlite either
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function agentRowsOnTarget(url: string, agentId: string): Promise<boolean> {
  const sql = new SQL(url, { max: 1, connectionTimeout: 10 });
  try {
    const [t] = await sql`select to_regclass('public.agents') is not null as present`;
    if (!(t as { present: boolean }).present) return false;
    const [row] = await sql`select count(*)::int as n from agents where id = ${agentId}::uuid`;
    return (row as { n: number }).n > 0;
  } finally {
    await sql.close().catch(() => undefined);
  }
}

async function runCopy(boot: unknown, url: string): Promise<TableCount[]> {
  const proc = Bun.spawn([process.execPath, MIGRATE_ENTRY], {
    stdin: new Blob([JSON.stringify({ boot, target: url })]),
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, MILADY_SCRIPTED_MODEL: "" },
  });
  let result: TableCount[] | undefined;
  let failure: { message: string; fix?: string } | undefined;
  const decoder = new TextDecoder();
  let pending = "";
  const reader = proc.stdout.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    pending += decoder.decode(next.value, { stream: true });
    let nl = pending.indexOf("\n");
    while (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      nl = pending.indexOf("\n");
      let msg: { type: string; message?: string; tables?: TableCount[]; fix?: string };
      try {
        msg = JSON.parse(line);
      } catch {
        continue; // a stray line from a library: not ours
      }
      if (msg.type === "progress" || msg.type === "log") say(`  ${msg.message}`);
      else if (msg.type === "done") result = msg.tables;
      else if (msg.type === "error") failure = { message: msg.message ?? "unknown error", fix: msg.fix };
    }
  }
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  if (failure || !result || code !== 0) {
    const why = failure?.message ?? (stderr.trim().split("\n").slice(-3).join(" ") || `exit code ${code}`);
    throw new Refused(
      `the copy failed: ${maskUrlCredentials(why)}; the config was not switched and the PGlite database is untouched`,
      failure?.fix ?? "Fix the cause above and run again with --force (the target may hold a partial schema).",
    );
  }
  return result;
}

function printCounts(tables: TableCount[]): void {
  const width = Math.max(5, ...tables.map((t) => t.table.length));
  say(`\n${"table".padEnd(width)}  ${"PGlite".padStart(8)}  ${"Postgres".padStart(8)}  check`);
  for (const t of tables) {
    const check = t.ok ? (t.scope === "agent" ? "equal" : "ok (shared table)") : "DIFFERENT";
    say(`${t.table.padEnd(width)}  ${String(t.source).padStart(8)}  ${String(t.target).padStart(8)}  ${check}`);
  }
}
