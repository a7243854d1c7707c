// The bundle `npm run build` makes (dist/main/main.js + dist/agent/*.js) runs
// headless on its own: real server, real agent in a Worker and in a child
// process, real PGlite; the model is the scripted model (a named test double).
// Headless must never load Electrobun: no listener besides Milady's own port,
// and process.exit and the signal handlers are Milady's.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { buildMain } from "../../build/build-main";
import { type MiladyProcess, postJson, removeDir, startMilady, tempStateDir } from "../support/milady-process";
import { until } from "../support/until";

const ROOT = join(import.meta.dir, "..", "..");
const BUNDLE = join(ROOT, "dist", "main", "main.js");
const INSPECTOR = join(ROOT, "test", "support", "process-inspector.ts");

/** TCP ports the process listens on, from the kernel's socket table and the process's own fds. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m) inodes.add(m[1]);
    } catch {
      // the fd closed while we looked
    }
  }
  const ports: number[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[1] local address:port (hex), cols[3] state (0A = LISTEN), cols[9] inode
      if (cols.length > 9 && cols[3] === "0A" && inodes.has(cols[9])) ports.push(parseInt(cols[1].split(":")[1], 16));
    }
  }
  return [...new Set(ports)].sort((a, b) => a - b);
}

function childrenOf(pid: number): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) {
        found.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ") });
      }
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

beforeAll(async () => {
  await buildMain();
}, 120_000);

describe("the main bundle runs headless", () => {
  let milady: MiladyProcess;
  let inspectFile: string;

  beforeAll(async () => {
    const stateDir = tempStateDir("milady-bundle-");
    inspectFile = join(stateDir, "inspect.json");
    milady = await startMilady({
      stateDir,
      main: BUNDLE,
      preload: [INSPECTOR],
      env: { MILADY_INSPECT_FILE: inspectFile },
    });
  }, 120_000);
  afterAll(async () => {
    if (milady && milady.proc.exitCode === null) await milady.stop();
    if (milady) removeDir(milady.stateDir);
  });

  test("the build wrote the three entries", () => {
    for (const file of ["main/main.js", "agent/worker.js", "agent/process-entry.js"]) {
      expect(existsSync(join(ROOT, "dist", file))).toBe(true);
    }
  });

  test("serves the dashboard and replies from the bundled worker", async () => {
    const page = await (await milady.api("/")).text();
    expect(page).toContain('<div id="root">');
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "Bundle" }));
    const res = await milady.json(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: "from the bundle" }),
    );
    expect(res.reply.text).toBe("Echo: from the bundle");
    // The bundled agent sets elizaOS's LOG_LEVEL before importing it, as the sources do: no migration chatter.
    expect(`${milady.stdout()}${milady.stderr()}`).not.toContain("[PLUGIN:SQL]");
  });

  test("never loads Electrobun: one listener, Milady's exit and signal handlers", async () => {
    const startedAt = Date.now();
    const seen = await until(
      () => {
        const snap = existsSync(inspectFile) ? JSON.parse(readFileSync(inspectFile, "utf8")) : undefined;
        return snap && snap.at > startedAt ? snap : undefined;
      },
      10_000,
      "a fresh inspector snapshot",
    );
    expect(seen.modules.some((m: string) => m.includes("dist/main/"))).toBe(true);
    expect(seen.modules.filter((m: string) => m.includes("electrobun"))).toEqual([]);
    expect(seen.exitIsRuntimes).toBe(true);
    expect(seen.sigterm).toHaveLength(1);
    expect(seen.sigterm[0]).toContain("shutdown(0)");
    expect(seen.sigint).toHaveLength(1);
    expect(seen.uncaughtException).toBe(0);
    // Electrobun's RPC server would listen on the first free port from 50000 on.
    expect(listeningPorts(milady.proc.pid)).toEqual([milady.port]);
  });

  test("SIGTERM runs Milady's own shutdown", async () => {
    expect(await milady.stop()).toBe(0);
    expect(milady.stderr()).toContain("shutting down…");
  });
});

describe("the main bundle with the agent in a child process", () => {
  test("spawns the bundled process entry", async () => {
    const milady = await startMilady({ main: BUNDLE, args: ["--host", "process"] });
    try {
      const children = childrenOf(milady.proc.pid);
      expect(children.map((c) => c.cmdline).join("\n")).toContain(join("dist", "agent", "process-entry.js"));
      const { conversation } = await milady.json("/api/conversations", postJson({ title: "Process" }));
      const res = await milady.json(`/api/conversations/${conversation.id}/messages`, postJson({ text: "child" }));
      expect(res.reply.text).toBe("Echo: child");
    } finally {
      await milady.stop();
      removeDir(milady.stateDir);
    }
  }, 120_000);
});
