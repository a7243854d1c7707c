/** Rows of the bench table: a value per side, their ratio, and pass/fail against a target. */

export type Value = number | { na: string };

export type Target =
  /** Milady's value must be at most `max` (e.g. 300 ms). */
  | { kind: "max"; max: number; label: string }
  /** Milady's value must be at least `min` (e.g. 30 fps). */
  | { kind: "min"; min: number; label: string }
  /** Milady must beat the second column: lower (or higher, with `higherIsBetter`) than it. */
  | { kind: "beat"; higherIsBetter?: boolean; label: string }
  /** Milady / second column must be at most `max` (CPU per turn <= 0.3x) and/or at least `min` (throughput >= 3x). */
  | { kind: "ratio"; max?: number; min?: number; label: string }
  /** No target: reported for information. */
  | { kind: "info"; label: string };

export interface Row {
  metric: string;
  unit: string;
  milady: Value;
  peer: Value;
  target: Target;
}

export interface EvaluatedRow extends Row {
  ratio: number | null;
  pass: boolean | null;
}

const num = (v: Value): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

export function evaluate(row: Row): EvaluatedRow {
  const m = num(row.milady);
  const p = num(row.peer);
  const ratio = m !== undefined && p !== undefined && p !== 0 ? m / p : null;
  let pass: boolean | null = null;
  const t = row.target;
  if (t.kind === "max" && m !== undefined) pass = m <= t.max;
  else if (t.kind === "min" && m !== undefined) pass = m >= t.min;
  else if (t.kind === "beat" && m !== undefined && p !== undefined) pass = t.higherIsBetter ? m > p : m < p;
  else if (t.kind === "ratio" && ratio !== null)
    pass = (t.max === undefined || ratio <= t.max) && (t.min === undefined || ratio >= t.min);
  return { ...row, ratio, pass };
}

export function formatValue(v: Value, unit: string): string {
  if (typeof v !== "number") return `n/a: ${v.na}`;
  if (!Number.isFinite(v)) return "n/a: NaN";
  const digits = unit === "x" ? 2 : Math.abs(v) >= 100 ? 0 : 1;
  return `${v.toFixed(digits)}${unit && unit !== "x" ? ` ${unit}` : unit === "x" ? "x" : ""}`;
}

/** Fixed-width text table; long n/a reasons are cut here (the JSON keeps them whole). */
export function formatTable(rows: EvaluatedRow[], peerHeader = "elizaOS server"): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const cells = rows.map((r) => [
    r.metric,
    cut(formatValue(r.milady, r.unit), 34),
    cut(formatValue(r.peer, r.unit), 34),
    r.ratio === null ? "-" : `${r.ratio.toFixed(2)}x`,
    r.target.label,
    r.pass === null ? "-" : r.pass ? "PASS" : "FAIL",
  ]);
  const header = ["metric", "Milady", peerHeader, "ratio", "target", "pass"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]))
      .join(" | ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...cells.map(line)].join("\n");
}
