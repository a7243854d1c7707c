/**
 * `npm run bench`: Milady and the elizaOS server (@elizaos/server 1.7.2) in one run, same
 * character, same scripted model (test double), loopback only. Prints a table and writes
 * .bench/results-<timestamp>.json and .bench/latest.json.
 *
 *   bun test/bench/run-bench.ts [--quick] [--only server,bare,gguf,dashboard,soak,knowledge] [--host worker|process]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type BareSummary, bareHandleMessage } from "./bare-runner";
import { type DashboardResult, dashboardBench, type Figure } from "./dashboard-bench";
import { type GgufResult, ggufBench } from "./gguf-bench";
import { type KnowledgeFigures, knowledgeBench, knowledgeRows } from "./knowledge-bench";
import { ROOT, startMiladyTarget } from "./milady-target";
import { startPeerTarget } from "./peer-target";
import { evaluate, formatTable, type Row, type Value } from "./report";
import { interleave, medianValue, type Outcome, pairInOrder } from "./rounds";
import { existingStartAndLoad, freshStart, type LoadFigures, type LoadPlan, type StartFigures } from "./server-phases";
import { type SoakFigures, soak } from "./soak";
import type { Summary } from "./stats";
import type { Launcher } from "./target";
import { type WarmModelResult, warmModelBench, warmModelRows } from "./warm-model-bench";

const SECTIONS = ["server", "bare", "gguf", "dashboard", "soak", "knowledge"] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    host: { type: "string" },
    repeats: { type: "string" },
  },
});
if (values.host && values.host !== "worker" && values.host !== "process") {
  process.stderr.write("--host must be worker or process\n");
  process.exit(2);
}
/** `--host process` runs Milady's agent in a child process; RSS then adds the child. */
const launchMilady: Launcher = (o) => startMiladyTarget({ ...o, args: values.host ? ["--host", values.host] : [] });
const quick = values.quick ?? false;
const only = new Set((values.only?.split(",") ?? SECTIONS) as Section[]);

/** Full: 200 sequential turns, 20 x 10 concurrent. Quick: a smoke-sized run (~2 min). */
const plan: LoadPlan = quick
  ? { sequential: 40, conversations: 20, perConversation: 3, settleMs: 1_000, phaseBudgetMs: 30_000 }
  : { sequential: 200, conversations: 20, perConversation: 10, settleMs: 2_000, phaseBudgetMs: 120_000 };
const bareCount = quick ? 40 : 200;
const ggufTurns = quick ? 2 : 5;
const fpsSeconds = quick ? 3 : 5;
const soakSeconds = quick ? 20 : 45;
/** Rounds of the server and bare sections (each row is the median over them). */
const repeats = Number(values.repeats ?? (quick ? 1 : 3));
if (!Number.isInteger(repeats) || repeats < 1) {
  process.stderr.write("--repeats must be a whole number >= 1\n");
  process.exit(2);
}

const errors: string[] = [];

async function attempt<T>(what: string, fn: () => Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  process.stderr.write(`bench: ${what}…\n`);
  try {
    const value = await fn();
    process.stderr.write(`bench: ${what} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return { ok: true, value };
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    errors.push(`${what}: ${message}`);
    process.stderr.write(`bench: ${what} FAILED: ${message.slice(0, 2000)}\n`);
    return { ok: false, error: message.split("\n")[0].slice(0, 200) };
  }
}

const startedAt = new Date();
const loadStart = loadavg();

/** Spawn -> exit of an empty Bun script (median of 3): the floor under every start-up figure on this machine now. */
async function bunSpawnFloorMs(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await Bun.spawn([process.execPath, "-e", "0"], { stdout: "ignore", stderr: "ignore" }).exited;
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[1];
}
const spawnFloorMs = await bunSpawnFloorMs();
const skipped = (section: Section): { ok: false; error: string } => ({
  ok: false,
  error: `${section} skipped (--only ${[...only].join(",")})`,
});

// Each round: fresh starts of both, then existing-DB start + load of both, the order swapped every
// round (pairInOrder) so background load on this 2-core machine hits both alike; rows are medians.
const miladyFresh: Outcome<StartFigures>[] = [];
const peerFresh: Outcome<StartFigures>[] = [];
const miladyLoad: Outcome<LoadFigures>[] = [];
const peerLoad: Outcome<LoadFigures>[] = [];
for (let round = 0; only.has("server") && round < repeats; round++) {
  const miladyDir = mkdtempSync(join(tmpdir(), "milady-bench-"));
  const peerDir = mkdtempSync(join(tmpdir(), "elizaos-bench-"));
  const tag = repeats > 1 ? ` (round ${round + 1}/${repeats})` : "";
  try {
    const fresh = await pairInOrder(
      round,
      () => attempt(`Milady, fresh DB start${tag}`, () => freshStart(launchMilady, miladyDir)),
      () => attempt(`elizaOS server, fresh DB start${tag}`, () => freshStart(startPeerTarget, peerDir)),
    );
    miladyFresh.push(fresh[0]);
    peerFresh.push(fresh[1]);
    const load = await pairInOrder(
      round,
      () =>
        attempt(`Milady, existing DB start + chat load${tag}`, () =>
          existingStartAndLoad(launchMilady, miladyDir, plan),
        ),
      () =>
        attempt(`elizaOS server, existing DB start + chat load${tag}`, () =>
          existingStartAndLoad(startPeerTarget, peerDir, plan),
        ),
    );
    miladyLoad.push(load[0]);
    peerLoad.push(load[1]);
  } finally {
    rmSync(miladyDir, { recursive: true, force: true });
    rmSync(peerDir, { recursive: true, force: true });
  }
}
const bare = only.has("bare")
  ? await interleave(
      repeats,
      (round) =>
        attempt(`bare handleMessage (Milady's runtime, round ${round + 1})`, () =>
          bareHandleMessage("milady", bareCount, plan.phaseBudgetMs),
        ),
      (round) =>
        attempt(`bare handleMessage (plain elizaOS runtime, round ${round + 1})`, () =>
          bareHandleMessage("plain", bareCount, plan.phaseBudgetMs),
        ),
    )
  : { a: [skipped("bare")] as Outcome<BareSummary>[], b: [skipped("bare")] as Outcome<BareSummary>[] };
const bareMilady = bare.a;
const barePlain = bare.b;
const gguf: Outcome<GgufResult> = only.has("gguf")
  ? await attempt("tiny GGUF tokens/s", () => ggufBench(ggufTurns, quick ? 20_000 : 60_000))
  : skipped("gguf");
/** Turn 10 of one DM conversation on the medium GGUF (~1 min a turn on one thread), then cold replays of the last turns. */
const warmTurns = 10;
const warmModel: Outcome<WarmModelResult> = only.has("gguf")
  ? await attempt(`medium GGUF: ${warmTurns} DM turns, then their prompts cold`, () =>
      warmModelBench(warmTurns, quick ? 1 : 3),
    )
  : skipped("gguf");
const dashboard: Outcome<DashboardResult> = only.has("dashboard")
  ? await attempt("dashboard figures", () => dashboardBench(fpsSeconds))
  : skipped("dashboard");
const soaked: Outcome<SoakFigures> = only.has("soak")
  ? await attempt(`soak (${soakSeconds} s of chat while the agent is killed, restarted, SIGTERMed)`, () =>
      soak(soakSeconds),
    )
  : skipped("soak");
const knowledge: Outcome<KnowledgeFigures> = only.has("knowledge")
  ? await attempt("knowledge upload memory and search", () => knowledgeBench({ quick, launch: launchMilady }))
  : skipped("knowledge");

// ---------- rows ----------
const v = <T>(o: Outcome<T>, pick: (t: T) => number | undefined): Value => {
  if (!o.ok) return { na: o.error };
  const x = pick(o.value);
  return x === undefined || !Number.isFinite(x) ? { na: "not measured" } : x;
};
const fig = (o: Outcome<DashboardResult>, pick: (d: DashboardResult) => Figure): Value => {
  if (!o.ok) return { na: o.error };
  const f = pick(o.value);
  return "na" in f ? { na: f.na } : f.value;
};
const ratioOf = (a: Value, b: Value): Value =>
  typeof a === "number" && typeof b === "number" && b > 0 ? a / b : { na: "needs both figures" };
const noPeer = { na: "not applicable" };
/** Fewer than 20 timed gaps is noise, not a rate (random weights often end the text after 1-3 tokens). */
const ggufAgentRate = (o: Outcome<GgufResult>): Value =>
  !o.ok || o.value.intervals >= 20
    ? v(o, (g) => g.agentTokensPerSecond)
    : {
        na: `only ${o.value.intervals} token gaps streamed in ${o.value.turns} turns (${o.value.failedTurns} ended in error)`,
      };
const chatP50 = (o: Outcome<LoadFigures>[]) => medianValue(o, (l) => l.chat.p50);

const rows: Row[] = [
  {
    metric: "start -> health, fresh DB",
    unit: "ms",
    milady: medianValue(miladyFresh, (s) => s.healthMs),
    peer: medianValue(peerFresh, (s) => s.healthMs),
    target: { kind: "max", max: 300, label: "<= 300 ms" },
  },
  {
    metric: "start -> health, existing DB",
    unit: "ms",
    milady: medianValue(miladyLoad, (l) => l.start.healthMs),
    peer: medianValue(peerLoad, (l) => l.start.healthMs),
    target: { kind: "max", max: 300, label: "<= 300 ms" },
  },
  {
    metric: "start -> agent ready, fresh DB",
    unit: "ms",
    milady: medianValue(miladyFresh, (s) => s.readyMs),
    peer: medianValue(peerFresh, (s) => s.readyMs),
    target: { kind: "max", max: 1500, label: "<= 1500 ms" },
  },
  {
    metric: "start -> agent ready, existing DB",
    unit: "ms",
    milady: medianValue(miladyLoad, (l) => l.start.readyMs),
    peer: medianValue(peerLoad, (l) => l.start.readyMs),
    target: { kind: "max", max: 1000, label: "<= 1000 ms" },
  },
  {
    metric: "idle RSS after ready (all processes)",
    unit: "MB",
    milady: medianValue(miladyLoad, (l) => l.idleRssMb),
    peer: medianValue(peerLoad, (l) => l.idleRssMb),
    target: { kind: "max", max: 200, label: "<= 200 MB" },
  },
  {
    metric: `chat round trip p50 (${plan.sequential} seq.)`,
    unit: "ms",
    milady: chatP50(miladyLoad),
    peer: chatP50(peerLoad),
    target: { kind: "ratio", max: 0.3, label: "<= 0.3x peer" },
  },
  {
    metric: `chat round trip p99 (${plan.sequential} seq.)`,
    unit: "ms",
    milady: medianValue(miladyLoad, (l) => l.chat.p99),
    peer: medianValue(peerLoad, (l) => l.chat.p99),
    target: { kind: "ratio", max: 0.4, label: "<= 0.4x peer" },
  },
  {
    metric: `throughput ${plan.conversations} conv. x ${plan.perConversation}`,
    unit: "msg/s",
    milady: medianValue(miladyLoad, (l) => l.concurrent.messagesPerSecond),
    peer: medianValue(peerLoad, (l) => l.concurrent.messagesPerSecond),
    target: { kind: "ratio", min: 3, label: ">= 3x peer" },
  },
  {
    metric: "RSS the moment the load ends",
    unit: "MB",
    milady: medianValue(miladyLoad, (l) => l.rssAtLoadEndMb),
    peer: medianValue(peerLoad, (l) => l.rssAtLoadEndMb),
    target: { kind: "ratio", max: 0.7, label: "<= 0.7x peer" },
  },
  {
    metric: "RSS after the load (4 s settle)",
    unit: "MB",
    milady: medianValue(miladyLoad, (l) => l.rssAfterLoadMb),
    peer: medianValue(peerLoad, (l) => l.rssAfterLoadMb),
    target: { kind: "ratio", max: 0.6, label: "<= 0.6x peer" },
  },
  {
    metric: "bare handleMessage p50 (in-process)",
    unit: "ms",
    milady: medianValue(bareMilady, (s) => s.p50),
    peer: medianValue(barePlain, (s) => s.p50),
    target: { kind: "info", label: "info (peer col: plain runtime)" },
  },
  {
    metric: "CPU per DM turn (bare, in-process)",
    unit: "ms",
    milady: medianValue(bareMilady, (s) => s.cpuMsPerTurn),
    peer: medianValue(barePlain, (s) => s.cpuMsPerTurn),
    target: { kind: "ratio", max: 0.3, label: "<= 0.3x peer" },
  },
  {
    metric: "SQL statements per DM turn",
    unit: "",
    milady: medianValue(bareMilady, (s) => s.sqlPerTurn),
    peer: medianValue(barePlain, (s) => s.sqlPerTurn),
    target: { kind: "max", max: 15, label: "<= 15" },
  },
  {
    metric: "model calls per DM turn (embeddings apart)",
    unit: "",
    milady: medianValue(bareMilady, (s) => s.modelCallsPerTurn),
    peer: medianValue(barePlain, (s) => s.modelCallsPerTurn),
    target: { kind: "max", max: 1.2, label: "<= 1.2" },
  },
  {
    metric: "database growth per DM turn",
    unit: "KB",
    milady: medianValue(bareMilady, (s) => s.dbKbPerTurn),
    peer: medianValue(barePlain, (s) => s.dbKbPerTurn),
    target: { kind: "max", max: 5, label: "<= 5 KB" },
  },
  {
    metric: "HTTP p50 / bare handleMessage p50",
    unit: "x",
    milady: ratioOf(
      chatP50(miladyLoad),
      medianValue(bareMilady, (s) => s.p50),
    ),
    peer: ratioOf(
      chatP50(peerLoad),
      medianValue(barePlain, (s) => s.p50),
    ),
    target: { kind: "max", max: 1.2, label: "<= 1.2x" },
  },
  {
    metric: "tiny GGUF tok/s (peer col: direct llama)",
    unit: "tok/s",
    milady: ggufAgentRate(gguf),
    peer: v(gguf, (g) => g.directTokensPerSecond),
    target: { kind: "info", label: "info (vs direct)" },
  },
  ...warmModelRows(warmModel, warmTurns),
  {
    metric: "dashboard initial JS gzip (no avatar)",
    unit: "KB",
    milady: fig(dashboard, (d) => d.initialJsGzipKb),
    peer: noPeer,
    target: { kind: "max", max: 250, label: "< 250 KB" },
  },
  {
    metric: "dashboard time to interactive chat",
    unit: "ms",
    milady: fig(dashboard, (d) => d.timeToInteractiveMs),
    peer: noPeer,
    target: { kind: "max", max: 1000, label: "< 1000 ms" },
  },
  {
    metric: "avatar frames per second",
    unit: "fps",
    milady: fig(dashboard, (d) => d.avatarFps),
    peer: noPeer,
    target: { kind: "min", min: 30, label: ">= 30 fps" },
  },
  {
    metric: "soak: acknowledged messages",
    unit: "",
    milady: v(soaked, (s) => s.acknowledged),
    peer: noPeer,
    target: { kind: "min", min: 1, label: "info (> 0)" },
  },
  {
    metric: "soak: acknowledged but not stored",
    unit: "",
    milady: v(soaked, (s) => s.missing),
    peer: noPeer,
    target: { kind: "max", max: 0, label: "0 (nothing lost)" },
  },
  {
    metric: "soak: stored twice",
    unit: "",
    milady: v(soaked, (s) => s.duplicates),
    peer: noPeer,
    target: { kind: "max", max: 0, label: "0" },
  },
  {
    metric: "soak: worst /api/health answer",
    unit: "ms",
    milady: v(soaked, (s) => s.worstHealthMs),
    peer: noPeer,
    target: { kind: "max", max: 100, label: "<= 100 ms" },
  },
  ...knowledgeRows(knowledge),
];
const evaluated = rows.map(evaluate);
const table = formatTable(evaluated);

const finishedAt = new Date();
const loadEnd = loadavg();
const result = {
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  durationS: (finishedAt.getTime() - startedAt.getTime()) / 1000,
  quick,
  miladyHost: values.host ?? "worker (default)",
  plan: { ...plan, bareCount, ggufTurns, warmTurns, fpsSeconds, repeats },
  machine: {
    cpus: cpus().length,
    bun: Bun.version,
    loadavgStart: loadStart,
    loadavgEnd: loadEnd,
    bunSpawnFloorMs: spawnFloorMs,
  },
  rows: evaluated,
  raw: {
    miladyFresh,
    peerFresh,
    miladyLoad,
    peerLoad,
    bareMilady,
    barePlain,
    gguf,
    warmModel,
    dashboard,
    soaked,
    knowledge,
  },
  errors,
};
const outDir = join(ROOT, ".bench");
mkdirSync(outDir, { recursive: true });
const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
const json = `${JSON.stringify(result, null, 2)}\n`;
writeFileSync(join(outDir, `results-${stamp}.json`), json);
writeFileSync(join(outDir, "latest.json"), json);

const passes = evaluated.filter((r) => r.pass === true).length;
const fails = evaluated.filter((r) => r.pass === false).length;
process.stdout.write(`\n${table}\n\n`);
process.stdout.write(
  `targets: ${passes} pass, ${fails} fail, ${evaluated.length - passes - fails} without a verdict; ${result.durationS.toFixed(0)} s\n`,
);
for (const [name, o] of [
  ...miladyLoad.map((o) => ["Milady", o] as const),
  ...peerLoad.map((o) => ["elizaOS server", o] as const),
]) {
  if (!o.ok) continue;
  const { chat, concurrent } = o.value;
  const asked = plan.conversations * plan.perConversation;
  if (chat.n < chat.requested || concurrent.messages + concurrent.errors < asked) {
    process.stdout.write(
      `note: ${name} hit the ${plan.phaseBudgetMs / 1000} s phase budget: ${chat.n}/${chat.requested} sequential, ${concurrent.messages}/${asked} concurrent messages measured.\n`,
    );
  }
}
if (Math.max(...loadStart) > cpus().length * 1.5) {
  process.stdout.write(
    `note: load average was ${loadStart.map((l) => l.toFixed(1)).join(" ")} at start on ${cpus().length} cores: other work skews these figures; rerun on an idle machine.\n`,
  );
}
process.stdout.write(
  `empty Bun process spawn -> exit: ${spawnFloorMs.toFixed(0)} ms (the floor under the start-up rows)\n`,
);
process.stdout.write(`results: .bench/results-${stamp}.json (and .bench/latest.json)\n`);
// A bench reports; it fails (exit 1) only when it could not measure, not when a target is missed.
process.exit(errors.length ? 1 : 0);
