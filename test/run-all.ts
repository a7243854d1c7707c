// `npm test`: every suite, in groups that must not share a process (the
// renderer's component tests install a DOM into globals), then one closing line
// "N passed, N failed". Anything skipped or missing counts as a failure.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensureRendererBuilt } from "../build/ensure-renderer";
import { ensureChromium } from "./support/chromium";

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;

interface Group {
  name: string;
  paths: string[];
  timeoutMs: number;
  needs?: Array<"chromium" | "renderer">;
}

const GROUPS: Group[] = [
  {
    name: "unit",
    paths: [
      "src-shared",
      "src-main",
      "src-agent",
      "build",
      "test/import-rules.test.ts",
      "test/dashboard-places.test.ts",
    ],
    timeoutMs: 60_000,
  },
  { name: "renderer", paths: ["src-renderer"], timeoutMs: 30_000 },
  { name: "integration", paths: ["test/integration"], timeoutMs: 120_000 },
  { name: "e2e", paths: ["test/e2e"], timeoutMs: 180_000, needs: ["chromium", "renderer"] },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

for (const group of GROUPS) {
  if (only.length && !only.includes(group.name)) continue;
  const paths = group.paths.filter((p) => existsSync(join(ROOT, p)));
  if (paths.length === 0) continue;
  if (group.needs?.includes("chromium")) await ensureChromium();
  if (group.needs?.includes("renderer")) await ensureRendererBuilt(ROOT);
  process.stderr.write(`\n=== ${group.name}: bun test ${paths.join(" ")}\n`);
  const proc = Bun.spawn([BUN, "test", "--timeout", String(group.timeoutMs), ...paths.map((p) => `./${p}`)], {
    cwd: ROOT,
    stdout: "inherit",
    stderr: "pipe",
    env: { ...process.env, MILADY_TEST: "1", FORCE_COLOR: "0" },
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
  if (code !== 0 && count("fail") === 0) failed += 1; // a crash or load error is a failure too
}

if (skipped > 0) process.stderr.write(`\n${skipped} tests were skipped or todo: that counts as failing.\n`);
console.log(`\n${passed} passed, ${failed + skipped} failed`);
process.exit(failed + skipped > 0 || passed === 0 ? 1 : 0);
