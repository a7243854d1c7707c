// `npm test`: every suite, in groups that must not share a process (the
// renderer's component tests install a DOM into globals), then one closing line
// "N passed, N failed". Anything skipped or missing counts as a failure.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ensureRendererBuilt } from "../build/ensure-built";
import { ensureDbTemplate } from "../build/make-db-template";
import { NOT_IN_POSTGRES_PASS, POSTGRES_PASS } from "./postgres-pass";
import { ensureChromium } from "./support/chromium";
import { ensurePg17Chroot } from "./support/postgres-pgvector";

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;

interface Group {
  name: string;
  paths: string[];
  timeoutMs: number;
  needs?: Array<"chromium" | "renderer" | "pg17" | "db-template">;
  env?: Record<string, string>;
}

// Every integration file is either in the PostgreSQL pass or says why not (postgres-pass.ts).
const unplaced = readdirSync(join(ROOT, "test", "integration")).filter(
  (f) => f.endsWith(".test.ts") && !POSTGRES_PASS.includes(f) && !(f in NOT_IN_POSTGRES_PASS),
);
const missing = POSTGRES_PASS.filter((f) => !existsSync(join(ROOT, "test", "integration", f)));
if (unplaced.length || missing.length) {
  process.stderr.write(
    `test/postgres-pass.ts is out of date: ${[...unplaced.map((f) => `${f} is in neither list`), ...missing.map((f) => `${f} does not exist`)].join("; ")}\n`,
  );
  process.exit(1);
}

const GROUPS: Group[] = [
  {
    name: "unit",
    paths: [
      "src-shared",
      "src-main",
      "src-agent",
      "build",
      // The bench's own figures and report (pure; the bench itself is `npm run bench`).
      "test/bench",
      "test/import-rules.test.ts",
      "test/dashboard-places.test.ts",
    ],
    timeoutMs: 60_000,
  },
  { name: "renderer", paths: ["src-renderer"], timeoutMs: 30_000 },
  { name: "integration", paths: ["test/integration"], timeoutMs: 120_000, needs: ["pg17", "db-template"] },
  // The same tests on a real PostgreSQL 17 + pgvector: each Milady gets a fresh database on one server.
  {
    name: "integration-postgres",
    paths: POSTGRES_PASS.map((f) => `test/integration/${f}`),
    timeoutMs: 120_000,
    needs: ["pg17"],
    env: { MILADY_TEST_DB: "postgres" },
  },
  { name: "e2e", paths: ["test/e2e"], timeoutMs: 180_000, needs: ["chromium", "renderer", "db-template"] },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
// Each failure's name and the lines bun printed before it (its error), repeated at the very end:
// CI shows the tail of the log, and a failure named only by "2 failed" cannot be chased.
const failures: string[] = [];

for (const group of GROUPS) {
  if (only.length && !only.includes(group.name)) continue;
  const paths = group.paths.filter((p) => existsSync(join(ROOT, p)));
  if (paths.length === 0) continue;
  if (group.needs?.includes("chromium")) await ensureChromium();
  if (group.needs?.includes("renderer")) await ensureRendererBuilt(ROOT);
  // What `npm start` makes once: fresh state dirs start from it instead of migrating (db-template.ts).
  if (group.needs?.includes("db-template")) await ensureDbTemplate();
  // Built once per machine (about 1.5 min); .ci/run builds it before npm test.
  if (group.needs?.includes("pg17")) await ensurePg17Chroot();
  process.stderr.write(`\n=== ${group.name}: bun test ${paths.join(" ")}\n`);
  const proc = Bun.spawn([BUN, "test", "--timeout", String(group.timeoutMs), ...paths.map((p) => `./${p}`)], {
    cwd: ROOT,
    stdout: "inherit",
    stderr: "pipe",
    env: { ...process.env, MILADY_TEST: "1", FORCE_COLOR: "0", ...group.env },
  });
  // bun test writes its report to stderr: echo it and read the totals.
  let report = "";
  const decoder = new TextDecoder();
  const reader = proc.stderr.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    const text = decoder.decode(next.value);
    report += text;
    process.stderr.write(text);
  }
  const code = await proc.exited;
  const count = (word: string) => Number(report.match(new RegExp(`^\\s*(\\d+) ${word}$`, "m"))?.[1] ?? 0);
  passed += count("pass");
  failed += count("fail");
  skipped += count("skip") + count("todo");
  failures.push(...failureExcerpts(group.name, report));
  if (code !== 0 && count("fail") === 0) {
    failed += 1; // a crash or load error is a failure too
    failures.push(`[${group.name}] bun test exited ${code} without a failing test:\n${tail(report, 15)}`);
  }
}

if (failures.length) process.stderr.write(`\n=== failures\n${failures.join("\n\n")}\n`);
if (skipped > 0) process.stderr.write(`\n${skipped} tests were skipped or todo: that counts as failing.\n`);
console.log(`\n${passed} passed, ${failed + skipped} failed`);
process.exit(failed + skipped > 0 || passed === 0 ? 1 : 0);

function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** "(fail)" lines of one group's report, each with up to 12 lines of the error printed before it. */
function failureExcerpts(group: string, report: string): string[] {
  // bun repeats the "(fail)" lines after "N tests failed:", without their errors: read up to there.
  const summary = report.search(/^\d+ tests? failed:$/m);
  const lines = (summary >= 0 ? report.slice(0, summary) : report).split("\n");
  const out: string[] = [];
  let file = "";
  lines.forEach((line, i) => {
    if (/^\S+\.test\.tsx?:$/.test(line)) file = line.slice(0, -1);
    if (!line.startsWith("(fail)")) return;
    let start = i;
    while (start > 0 && i - start < 12 && !/^\((pass|fail|skip)\)|\.test\.tsx?:$/.test(lines[start - 1])) start--;
    out.push(`[${group}] ${file} ${line}\n${lines.slice(start, i).join("\n")}`.trimEnd());
  });
  return out;
}
