import { accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type DatabaseChoice, databaseChoice, PROVIDER_KEY } from "../../src-shared/config";
import type { MiladyError } from "../../src-shared/protocol";
import type { LockOwner } from "../app/state-lock";
import { effectiveProvider, type FileConfigStore } from "../config";
import { checkModelFile, resolveModelRef } from "../models/model-ref";
import { checkPostgres } from "./postgres-check";

export type CheckStatus = "ok" | "warn" | "fail";
export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

const MIN_FREE_BYTES = 2 * 1024 ** 3; // a 7B Q4 model is ~4 GB; warn below 2 GB

export function checkRuntime(): CheckResult {
  const version = typeof Bun !== "undefined" ? Bun.version : undefined;
  if (!version)
    return {
      name: "runtime",
      status: "fail",
      detail: "not running on Bun",
      fix: "run through `npx milady` or `npm start`",
    };
  const [major, minor] = version.split(".").map(Number);
  const ok = major > 1 || (major === 1 && minor >= 3);
  return ok
    ? { name: "runtime", status: "ok", detail: `Bun ${version}, Node API ${process.versions.node}` }
    : {
        name: "runtime",
        status: "fail",
        detail: `Bun ${version} is too old`,
        fix: "run `npm install` to get the pinned Bun",
      };
}

/** The nearest folder that exists: where a missing state dir would be created. */
function existingAncestor(path: string): string {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Looks, never writes: doctor must change nothing (a fresh state dir stays absent). */
export function checkStateDir(stateDir: string): CheckResult {
  try {
    if (!existsSync(stateDir)) {
      const parent = existingAncestor(stateDir);
      accessSync(parent, constants.W_OK);
      return {
        name: "state directory",
        status: "ok",
        detail: `${stateDir} does not exist yet; it is created at the first start (${parent} is writable)`,
      };
    }
    accessSync(stateDir, constants.W_OK);
    return { name: "state directory", status: "ok", detail: `${stateDir} is writable` };
  } catch (error) {
    return {
      name: "state directory",
      status: "fail",
      detail: `${stateDir} is not writable (${(error as Error).message})`,
      fix: "fix its permissions, or choose another with --state-dir / MILADY_STATE_DIR",
    };
  }
}

export async function checkPort(bind: string, port: number): Promise<CheckResult & { miladyRunning?: boolean }> {
  try {
    const server = Bun.listen({ hostname: bind, port, socket: { data() {} } });
    server.stop(true);
    return { name: "port", status: "ok", detail: `${bind}:${port} is free` };
  } catch {
    const running = await fetch(`http://${bind.includes(":") ? `[${bind}]` : bind}:${port}/api/health`, {
      signal: AbortSignal.timeout(1000),
    })
      .then((r) => r.status === 200 || r.status === 401)
      .catch(() => false);
    return running
      ? { name: "port", status: "ok", detail: `Milady is already running on ${bind}:${port}`, miladyRunning: true }
      : {
          name: "port",
          status: "fail",
          detail: `${bind}:${port} is used by another program`,
          fix: "stop it, or start Milady with --port <other>",
        };
  }
}

/**
 * The Milady that holds this state dir's lock serves where its lock says (often not the config's
 * port: `--port`, MILADY_PORT, or port 0): check that address, not the config's.
 */
export async function checkRunningServer(url: string): Promise<CheckResult> {
  const answers = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })
    .then((r) => r.status === 200 || r.status === 401)
    .catch(() => false);
  return answers
    ? { name: "port", status: "ok", detail: `this state dir's Milady answers on ${url}` }
    : {
        name: "port",
        status: "warn",
        detail: `this state dir's Milady holds its lock but does not answer on ${url}`,
        fix: "it may still be starting; if it stays so, stop it (Ctrl-C or kill its pid) and run `milady start` again",
      };
}

/** Above this a copy would take too long: only the structure is checked. */
const MAX_COPY_BYTES = 512 * 1024 * 1024;

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += Bun.file(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/**
 * Opens a copy of the embedded database the way the agent would, so doctor changes nothing
 * (opening PGlite writes to its directory). Only when no Milady is running on it.
 */
export async function checkDatabase(store: FileConfigStore, running?: LockOwner): Promise<CheckResult> {
  const config = store.current();
  let choice: DatabaseChoice;
  try {
    choice = databaseChoice(config, store.secrets());
  } catch (error) {
    const e = error as MiladyError;
    return { name: "database", status: "fail", detail: e.message, fix: e.fix };
  }
  if (choice.provider === "postgres") return checkPostgres(choice.url);
  if (running) {
    // Its live database is not opened (not even a copy of a moving target): that Milady reports on it.
    const where = running.url ? ` at ${running.url}` : "";
    return { name: "database", status: "ok", detail: `in use by the running Milady (pid ${running.pid}${where})` };
  }
  const dataDir = store.paths.dataDir;
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) {
    return { name: "database", status: "ok", detail: `no database yet; it is created at the first start (${dataDir})` };
  }
  if (!existsSync(join(dataDir, "global"))) {
    return {
      name: "database",
      status: "fail",
      detail: `${dataDir} is not a complete PGlite database (global/ is missing)`,
      fix: "start Milady: it moves the folder to a timestamped backup, untouched, and creates a fresh database",
    };
  }
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    return {
      name: "database",
      status: "warn",
      detail: `${dataDir} has no PG_VERSION file, so PGlite cannot open it as it is`,
      fix: "start Milady: it writes PG_VERSION again before opening the database; the data is not changed",
    };
  }
  if (folderBytes(dataDir) > MAX_COPY_BYTES) {
    return { name: "database", status: "ok", detail: `${dataDir} looks complete (too large to open a test copy)` };
  }
  const copy = mkdtempSync(join(tmpdir(), "milady-doctor-db-"));
  try {
    cpSync(dataDir, copy, { recursive: true });
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite(copy);
    await db.query("select 1");
    await db.close();
    return { name: "database", status: "ok", detail: `PGlite opens ${dataDir} (checked on a copy)` };
  } catch (error) {
    return {
      name: "database",
      status: "fail",
      detail: `PGlite cannot open ${store.paths.dataDir}: ${(error as Error).message}`,
      fix: "start Milady: it checks the database, keeps a backup, then repairs damaged tables (or, when nothing can be repaired, creates a fresh database beside the backup)",
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

export function checkModel(store: FileConfigStore): CheckResult {
  const config = store.current();
  const provider = effectiveProvider(config, store.secrets());
  if (provider === "none") {
    return {
      name: "model",
      status: "warn",
      detail: "no model configured: the agent cannot reply",
      fix: "run `milady setup` or start with --model <file.gguf>",
    };
  }
  if (provider !== "local") {
    const key = PROVIDER_KEY[provider];
    if (key && !store.secrets()[key])
      return {
        name: "model",
        status: "fail",
        detail: `${provider} selected but ${key} is not set`,
        fix: `milady config set ${key} <key>`,
      };
    return { name: "model", status: "ok", detail: `${provider} provider${key ? " (key set)" : ""}` };
  }
  const ref = config.models.local.path!;
  const { path, hfUri } = resolveModelRef(ref, store.paths.modelsDir);
  const problem = checkModelFile(path);
  if (problem && hfUri)
    return {
      name: "model",
      status: "warn",
      detail: `${hfUri} is not downloaded yet`,
      fix: `milady models pull ${hfUri}`,
    };
  if (problem)
    return {
      name: "model",
      status: "fail",
      detail: problem,
      fix: "point --model or models.local.path at a .gguf file, or `milady models pull hf:...`",
    };
  return { name: "model", status: "ok", detail: `${path} is a valid GGUF` };
}

export function checkDisk(stateDir: string): CheckResult {
  try {
    const stats = statfsSync(stateDir);
    const free = stats.bavail * stats.bsize;
    const gb = (free / 1024 ** 3).toFixed(1);
    return free < MIN_FREE_BYTES
      ? { name: "disk", status: "warn", detail: `${gb} GB free`, fix: "free some space: local models need several GB" }
      : { name: "disk", status: "ok", detail: `${gb} GB free` };
  } catch (error) {
    return { name: "disk", status: "warn", detail: `cannot read free space (${(error as Error).message})` };
  }
}
