// Pure parts of the bench: percentiles, target verdicts, the table and the dashboard size parser.
import { describe, expect, test } from "bun:test";
import { initialJsSize } from "./dashboard-bench";
import { knowledgeRows } from "./knowledge-bench";
import { evaluate, formatTable, formatValue } from "./report";
import { interleave, median, medianValue, type Outcome } from "./rounds";
import { percentile, summarize } from "./stats";

describe("stats", () => {
  test("nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([3, 1, 2])).toMatchObject({ n: 3, p50: 2, min: 1, max: 3, mean: 2 });
  });
});

describe("rounds", () => {
  test("medians over the rounds that worked; no figure says why", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    const rounds: Outcome<{ ms: number }>[] = [
      { ok: true, value: { ms: 30 } },
      { ok: false, error: "crashed" },
      { ok: true, value: { ms: 10 } },
      { ok: true, value: { ms: 20 } },
    ];
    expect(medianValue(rounds, (r) => r.ms)).toBe(20);
    expect(medianValue([{ ok: false, error: "no server" }], () => 1)).toEqual({ na: "no server" });
    expect(medianValue(rounds, () => undefined)).toEqual({ na: "not measured" });
  });

  test("interleave swaps who goes first every round", async () => {
    const order: string[] = [];
    const side = (name: string) => async (round: number) => {
      order.push(`${name}${round}`);
      return { ok: true as const, value: round };
    };
    const out = await interleave(3, side("a"), side("b"));
    expect(order).toEqual(["a0", "b0", "b1", "a1", "a2", "b2"]);
    expect(out.a.map((o) => (o.ok ? o.value : -1))).toEqual([0, 1, 2]);
  });
});

describe("report", () => {
  test("ratio targets: at most max, at least min", () => {
    const row = (milady: number, target: { max?: number; min?: number }) =>
      evaluate({ metric: "r", unit: "msg/s", milady, peer: 10, target: { kind: "ratio", label: "", ...target } }).pass;
    expect(row(31, { min: 3 })).toBe(true);
    expect(row(29, { min: 3 })).toBe(false);
    expect(row(3, { max: 0.3 })).toBe(true);
    expect(row(4, { max: 0.3 })).toBe(false);
  });

  test("targets decide pass/fail; ratios need both numbers", () => {
    expect(
      evaluate({ metric: "a", unit: "ms", milady: 250, peer: 500, target: { kind: "max", max: 300, label: "" } }),
    ).toMatchObject({ ratio: 0.5, pass: true });
    expect(
      evaluate({ metric: "b", unit: "ms", milady: 400, peer: 500, target: { kind: "max", max: 300, label: "" } }).pass,
    ).toBe(false);
    expect(
      evaluate({
        metric: "c",
        unit: "fps",
        milady: 29,
        peer: { na: "x" },
        target: { kind: "min", min: 30, label: "" },
      }),
    ).toMatchObject({ ratio: null, pass: false });
    expect(
      evaluate({
        metric: "d",
        unit: "msg/s",
        milady: 20,
        peer: 12,
        target: { kind: "beat", higherIsBetter: true, label: "" },
      }).pass,
    ).toBe(true);
    expect(
      evaluate({ metric: "e", unit: "MB", milady: 900, peer: 500, target: { kind: "beat", label: "" } }).pass,
    ).toBe(false);
    expect(
      evaluate({ metric: "f", unit: "ms", milady: { na: "missing" }, peer: 5, target: { kind: "beat", label: "" } })
        .pass,
    ).toBeNull();
    expect(
      evaluate({ metric: "g", unit: "ms", milady: 5, peer: 6, target: { kind: "info", label: "" } }).pass,
    ).toBeNull();
  });

  test("values and the table print n/a with its reason, never a number", () => {
    expect(formatValue(1234.4, "ms")).toBe("1234 ms");
    expect(formatValue(12.34, "msg/s")).toBe("12.3 msg/s");
    expect(formatValue(1.234, "x")).toBe("1.23x");
    expect(formatValue({ na: "no dist/renderer" }, "KB")).toBe("n/a: no dist/renderer");
    const table = formatTable([
      evaluate({
        metric: "size",
        unit: "KB",
        milady: { na: "not built" },
        peer: { na: "not applicable" },
        target: { kind: "max", max: 250, label: "< 250 KB" },
      }),
    ]);
    const [header, , row] = table.split("\n");
    expect(header).toMatch(/^metric\s+\| Milady\s+\| elizaOS server\s+\| ratio \| target\s+\| pass$/);
    expect(row).toContain("n/a: not built");
    expect(row).toContain("< 250 KB");
  });
});

describe("dashboard initial JS", () => {
  test("entry scripts and modulepreloads count, the avatar chunk and CSS do not", () => {
    const html = `<!doctype html><html><head>
      <script type="module" crossorigin src="/assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-def.js">
      <link rel="modulepreload" href="./assets/avatar-view-xyz.js">
      <link rel="stylesheet" href="/assets/index.css">
      </head><body></body></html>`;
    const assets: Record<string, Uint8Array> = {
      "assets/index-abc.js": new TextEncoder().encode("console.log('x');".repeat(100)),
      "assets/vendor-def.js": new TextEncoder().encode("export const a = 1;".repeat(100)),
    };
    const size = initialJsSize(html, (f) => {
      const bytes = assets[f];
      if (!bytes) throw new Error(`unexpected read of ${f}`);
      return bytes;
    });
    expect(size.files).toEqual(["assets/index-abc.js", "assets/vendor-def.js"]);
    expect(size.excluded).toEqual(["assets/avatar-view-xyz.js"]);
    const expected =
      (Bun.gzipSync(assets["assets/index-abc.js"] as Uint8Array<ArrayBuffer>).length +
        Bun.gzipSync(assets["assets/vendor-def.js"] as Uint8Array<ArrayBuffer>).length) /
      1024;
    expect(size.kb).toBeCloseTo(expected, 6);
  });
});

describe("knowledge rows", () => {
  test("targets on the 10 MB upload's peak and the search percentiles; a failed run is n/a on every row", () => {
    const failed = knowledgeRows({ ok: false, error: "server did not start" });
    expect(failed.every((r) => typeof r.milady !== "number" && r.milady.na === "server did not start")).toBe(true);
    expect(failed.filter((r) => r.target.kind === "max").map((r) => r.metric)).toEqual([
      "knowledge: RSS rise, one 9.6 MB .txt (peak)",
      "knowledge: search p50 (~58k chunks, HTTP)",
      "knowledge: search p99 (~58k chunks, HTTP)",
    ]);
  });
});
