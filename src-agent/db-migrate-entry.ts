/**
 * Entry of `milady db migrate`'s agent side, started by main by path (src-main never imports
 * the agent): reads `{ boot, target }` as JSON on stdin, copies the PGlite database into the
 * target, and writes JSON lines on stdout: `progress`, then `done` (the counts) or `error`.
 */
import { agentBootConfigSchema, MiladyError } from "../src-shared/protocol";
import { safeErrorText } from "./runtime/db-errors";
import { migratePgliteToPostgres } from "./runtime/pglite-to-postgres";

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const quiet = (level: string) => (source: string, msg: string) => {
  if (level === "error" || level === "warn") say({ type: "log", level, message: `[${source}] ${msg}` });
};

try {
  const job = JSON.parse(await new Response(Bun.stdin.stream()).text()) as { boot: unknown; target: string };
  const boot = agentBootConfigSchema.parse(job.boot);
  const tables = await migratePgliteToPostgres(boot, job.target, (message) => say({ type: "progress", message }), {
    error: quiet("error"),
    warn: quiet("warn"),
    info: () => undefined,
    debug: () => undefined,
  });
  say({ type: "done", tables });
  process.exit(0);
} catch (error) {
  const fix = error instanceof MiladyError ? error.fix : undefined;
  say({ type: "error", message: safeErrorText(error), fix });
  process.exit(1);
}
