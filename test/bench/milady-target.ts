import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { descendants } from "./proc-stats";
import {
  collectStderr,
  httpOk,
  type Launcher,
  pollUntil,
  postJson,
  processRss,
  type RunningTarget,
  stopProcess,
  track,
} from "./target";

export const ROOT = join(import.meta.dir, "..", "..");

/**
 * The command `npm start` runs (package.json's `start` script, e.g. `bun bin/milady.mjs start --cli`),
 * with `bun` the Bun running the bench: the bench measures what a user starts, supervisor included
 * if there is one (npm's own process and its `sh -c` are npm's, not counted).
 */
export function npmStartCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  if (words.some((word) => /["'$&|;<>]/.test(word)))
    throw new Error(`cannot run the start script: ${pkg.scripts.start}`);
  // npm runs it in the package folder; the bench runs it in the state dir, so paths are made absolute.
  return words.map((word, i) =>
    i === 0 && word === "bun"
      ? process.execPath
      : word.includes("/") && !word.startsWith("-")
        ? join(ROOT, word)
        : word,
  );
}

/** Environment that keeps a developer's own keys and state out of the figures. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    ...process.env,
    NO_COLOR: "1",
    MILADY_STATE_DIR: "",
    MILADY_API_TOKEN: "",
    OPENAI_API_KEY: "",
    ANTHROPIC_API_KEY: "",
    OPENROUTER_API_KEY: "",
    GROQ_API_KEY: "",
    GOOGLE_GENERATIVE_AI_API_KEY: "",
    OLLAMA_API_ENDPOINT: "",
    POSTGRES_URL: "",
    ...extra,
  };
}

/**
 * Spawns npm start's command with `--port 0 --state-dir DIR` and times it:
 * healthMs = spawn -> first 200 of /api/health (the run file tells the port),
 * readyMs = spawn -> /api/status says "running".
 */
export const startMiladyTarget: Launcher = async ({ stateDir, args = [], env = {} }) => {
  const runFile = join(stateDir, "milady.run.json");
  rmSync(runFile, { force: true });
  const t0 = performance.now();
  const proc = track(
    Bun.spawn([...npmStartCommand(), "--port", "0", "--state-dir", stateDir, ...args], {
      cwd: stateDir,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: cleanEnv({ MILADY_SCRIPTED_MODEL: "1", ...env }),
    }),
  );
  const stderr = collectStderr(proc);
  let url = "";
  try {
    await pollUntil(
      "milady.run.json",
      () => {
        try {
          const info = JSON.parse(readFileSync(runFile, "utf8")) as { url: string; pid: number };
          url = info.url;
          // A supervisor's server is its child.
          return info.pid === proc.pid || descendants(proc.pid).includes(info.pid);
        } catch {
          return false;
        }
      },
      proc,
      stderr,
      5,
    );
    await pollUntil("/api/health 200", () => httpOk(`${url}/api/health`), proc, stderr);
    const healthMs = performance.now() - t0;
    await pollUntil(
      "agent state running",
      () => httpOk(`${url}/api/status`, (s) => s?.state === "running"),
      proc,
      stderr,
    );
    const readyMs = performance.now() - t0;
    return miladyHandle(proc, url, healthMs, readyMs, stderr);
  } catch (error) {
    await stopProcess(proc);
    throw error;
  }
};

function miladyHandle(
  proc: ReturnType<typeof Bun.spawn>,
  url: string,
  healthMs: number,
  readyMs: number,
  stderr: () => string,
): RunningTarget {
  return {
    pid: proc.pid,
    url,
    healthMs,
    readyMs,
    newConversation: async () => {
      const { conversation } = await postJson<{ conversation: { id: string } }>(`${url}/api/conversations`, {
        title: "bench",
      });
      return conversation.id;
    },
    send: async (conversationId, text) => {
      const { reply } = await postJson<{ reply: { text: string } }>(
        `${url}/api/conversations/${conversationId}/messages`,
        { text },
      );
      return reply.text;
    },
    rssMb: processRss(proc.pid),
    stderr,
    stop: () => stopProcess(proc),
  };
}
