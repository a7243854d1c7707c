/**
 * Makes the migrated, empty PGlite database a fresh state dir starts from (dist/db-template):
 * plugin-sql's migrations are most of a first start. Once per install, and again only when
 * plugin-sql or PGlite change (the template records their versions).
 *
 *   bun build/make-db-template.ts [DIR] [--if-missing]
 */
import { join } from "node:path";
import { makeTemplate, templateMatches } from "../src-agent/runtime/db-template";

const ROOT = join(import.meta.dir, "..");
export const TEMPLATE_DIR = join(ROOT, "dist", "db-template");

/** Makes the template in its own process (plugin-sql keeps one PGlite per process) unless a current one is there. */
export async function ensureDbTemplate(dir = TEMPLATE_DIR): Promise<void> {
  if (templateMatches(dir)) return;
  process.stderr.write("Preparing the database template (migrations, once)…\n");
  const proc = Bun.spawn([process.execPath, import.meta.path, dir], {
    stdout: "inherit",
    stderr: "inherit",
    env: { ...process.env, LOG_LEVEL: "error" },
  });
  if ((await proc.exited) !== 0) throw new Error("making the database template failed (bun build/make-db-template.ts)");
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--")) ?? TEMPLATE_DIR;
  if (args.includes("--if-missing")) await ensureDbTemplate(dir);
  else {
    const t0 = performance.now();
    await makeTemplate(dir);
    process.stderr.write(`database template made in ${Math.round(performance.now() - t0)} ms: ${dir}\n`);
    // runtime.close() leaves plugin-sql's timers behind.
    process.exit(0);
  }
}
