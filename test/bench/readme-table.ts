/**
 * Prints the README's performance table from a bench result (default .bench/latest.json), so
 * the README quotes a run as it was: `bun test/bench/readme-table.ts [results.json]`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type EvaluatedRow, formatValue } from "./report";

const file = process.argv[2] ?? join(import.meta.dir, "..", "..", ".bench", "latest.json");
const result = JSON.parse(readFileSync(file, "utf8")) as {
  startedAt: string;
  quick: boolean;
  plan: { repeats?: number };
  machine: { cpus: number; loadavgStart: number[]; loadavgEnd: number[] };
  rows: EvaluatedRow[];
};

const measured = result.rows.filter((r) => typeof r.milady === "number");
const cell = (v: EvaluatedRow["milady"], unit: string) => (typeof v === "number" ? formatValue(v, unit) : "–");
const lines = [
  `One ${result.quick ? "quick" : "full"} run (${result.startedAt.slice(0, 10)}, medians of ${result.plan.repeats ?? 1} interleaved round(s),`,
  `${result.machine.cpus} cores, load average ${result.machine.loadavgStart[0].toFixed(1)} at the start and ${result.machine.loadavgEnd[0].toFixed(1)} at the end):`,
  "",
  "| figure | Milady | elizaOS server | ratio | target | |",
  "| --- | --- | --- | --- | --- | --- |",
  ...measured.map(
    (r) =>
      `| ${r.metric} | ${cell(r.milady, r.unit)} | ${cell(r.peer, r.unit)} | ${r.ratio === null ? "–" : `${r.ratio.toFixed(2)}x`} | ${r.target.label} | ${r.pass === null ? "" : r.pass ? "pass" : "**miss**"} |`,
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
