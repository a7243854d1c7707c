import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sqlClientFromDb } from "./sql-client";

/**
 * Migrating a fresh PGlite database is most of a first start (~4 s of CPU; minutes on a loaded
 * 2-core machine): plugin-sql creates ~20 tables, their indexes and the vector columns one
 * statement at a time. The result is the same on every machine, so it is made once (by the
 * build, `npm start`'s prestart or the test runner) into a template folder, and a state dir
 * without a database gets a copy of it. The copy holds only the schema: the agent's own rows are
 * written at its first start, as before. A template made by another plugin-sql or PGlite version
 * is ignored (the migrations then run as usual).
 */
const STAMP = "milady-template.json";

interface TemplateStamp {
  pluginSql: string;
  pglite: string;
}

const currentStamp = (): TemplateStamp => ({
  pluginSql: installedVersion("@elizaos/plugin-sql"),
  pglite: installedVersion("@electric-sql/pglite"),
});

/** The version of the package this process resolves (its package.json is not in its exports map). */
export function installedVersion(name: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.resolve(name))); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // not this folder
    }
  }
  return "unknown";
}

export function templateMatches(templateDir: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(templateDir, STAMP), "utf8")) as TemplateStamp;
    const now = currentStamp();
    return stamp.pluginSql === now.pluginSql && stamp.pglite === now.pglite;
  } catch {
    return false;
  }
}

/**
 * Copies the template into a state dir that has no database yet. Through a temp folder and a
 * rename, so a copy cut short (a full disk, a kill) never looks like a database. Returns whether
 * it copied.
 */
export function seedFromTemplate(templateDir: string | undefined, dataDir: string): boolean {
  if (!templateDir || existsSync(dataDir) || !templateMatches(templateDir)) return false;
  const temp = `${dataDir}.seeding-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(dirname(dataDir), { recursive: true });
  cpSync(templateDir, temp, { recursive: true, filter: (src) => !src.endsWith(STAMP) });
  renameSync(temp, dataDir);
  return true;
}

/**
 * Makes the template: plugin-sql's migrations on an empty database, nothing else (no agent, no
 * rows), then a clean close. Run in a process of its own (plugin-sql keeps one PGlite per process).
 */
export async function makeTemplate(templateDir: string): Promise<void> {
  const temp = `${templateDir}.making-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(dirname(temp), { recursive: true });
  // Imported here: the agent's start reads this file (seedFromTemplate) before it loads elizaOS.
  const { AgentRuntime } = await import("@elizaos/core");
  const { default: sqlPlugin } = await import("@elizaos/plugin-sql");
  const runtime = new AgentRuntime({
    character: { name: "template", bio: [] },
    plugins: [],
    settings: { PGLITE_DATA_DIR: temp },
  });
  await runtime.registerPlugin(sqlPlugin);
  await runtime.adapter.init();
  await sqlClientFromDb(runtime.db).query("SELECT 1");
  await runtime.runPluginMigrations();
  await runtime.close();
  writeFileSync(join(temp, STAMP), `${JSON.stringify(currentStamp())}\n`);
  rmSync(templateDir, { recursive: true, force: true });
  renameSync(temp, templateDir);
}
