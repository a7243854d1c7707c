import { spawn, spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { basename, delimiter, dirname, join } from "node:path";
import { MiladyError } from "../../src-shared/protocol";

/**
 * npm as a child process: found once (MILADY_NPM, then PATH, then next to the node binary), and
 * checked to really be npm 7+ (a `npm` that is Bun's shim, or npm 6, would install differently).
 */
export interface NpmCommand {
  /** The executable to spawn and the arguments that come before npm's own (node + npm-cli.js on Windows-like setups). */
  file: string;
  prefixArgs: string[];
  version: string;
}

let found: NpmCommand | undefined;

function candidates(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  if (env.MILADY_NPM) out.push(env.MILADY_NPM);
  for (const dir of (env.PATH ?? "").split(delimiter)) if (dir) out.push(join(dir, "npm"));
  // Node installs npm beside itself; the agent may run under Bun with node not first on PATH.
  for (const node of [env.NODE, "/usr/local/bin/node", "/usr/bin/node", "/opt/homebrew/bin/node"]) {
    if (node) out.push(join(dirname(node), "npm"));
  }
  return out;
}

function probe(file: string): NpmCommand | undefined {
  if (!existsSync(file)) return undefined;
  // Bun ships no npm, but a `npm` symlinked to bun answers `--version` with Bun's version.
  if (basename(realpathSync(file)).startsWith("bun")) return undefined;
  const result = spawnSync(file, ["--version"], { encoding: "utf8", timeout: 15_000 });
  const version = result.stdout?.trim() ?? "";
  const major = Number(version.split(".")[0]);
  if (result.status !== 0 || !/^\d+\.\d+\.\d+/.test(version) || major < 7) return undefined;
  return { file, prefixArgs: [], version };
}

/** The npm to run, or a MiladyError that says how to get one. */
export function findNpm(env: Record<string, string | undefined> = process.env): NpmCommand {
  if (found) return found;
  for (const file of candidates(env)) {
    const npm = probe(file);
    if (npm) {
      found = npm;
      return npm;
    }
  }
  throw new MiladyError(
    "internal",
    "npm 7 or newer was not found: Milady installs plugins with npm",
    "Install Node.js (it includes npm) from https://nodejs.org, or set MILADY_NPM to the npm executable.",
  );
}

/** npm's own settings leak in through npm_config_* when Milady was started by `npm run`: keep the network ones only. */
export function npmEnv(env: Record<string, string | undefined> = process.env): Record<string, string> {
  const keep =
    /^npm_config_(registry|cache|proxy|https_proxy|noproxy|strict_ssl|cafile|userconfig|@.*:registry|\/\/.*)$/i;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (/^npm_/i.test(key) && !keep.test(key)) continue;
    out[key] = value;
  }
  out.NO_UPDATE_NOTIFIER = "1";
  return out;
}

export interface NpmRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs npm with `args`, handing every stderr line to `onLine` as it comes. */
export function runNpm(
  args: string[],
  opts: { cwd: string; onLine?: (line: string) => void; signal?: AbortSignal; timeoutMs?: number },
): Promise<NpmRun> {
  const npm = findNpm();
  return new Promise((resolve, reject) => {
    const child = spawn(npm.file, [...npm.prefixArgs, ...args], {
      cwd: opts.cwd,
      env: npmEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let partial = "";
    let settled = false;
    const timer = setTimeout(() => stop("timeout"), opts.timeoutMs ?? 10 * 60_000);
    const onAbort = () => stop("aborted");
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    function stop(why: "timeout" | "aborted") {
      if (settled) return;
      settled = true;
      child.kill("SIGTERM");
      cleanup();
      reject(
        why === "timeout"
          ? new MiladyError("timeout", "npm did not finish in time", "Check the network, then try again.")
          : new MiladyError("bad_request", "the install was cancelled"),
      );
    }
    function cleanup() {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    }
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) opts.onLine?.(line);
    });
    child.on("error", (error) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new MiladyError("internal", `npm could not be started: ${error.message}`));
    });
    child.on("close", (code) => {
      if (settled) return;
      settled = true;
      cleanup();
      if (partial) opts.onLine?.(partial);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    if (opts.signal?.aborted) onAbort();
  });
}

/** `npm config get registry`, without the trailing slash; the public registry when npm cannot say. */
export async function configuredRegistry(cwd: string): Promise<string> {
  try {
    const run = await runNpm(["config", "get", "registry"], { cwd, timeoutMs: 15_000 });
    const url = run.stdout.trim();
    if (run.code === 0 && /^https?:\/\//.test(url)) return url.replace(/\/+$/, "");
  } catch {
    // npm missing: searching still works against the public registry.
  }
  return "https://registry.npmjs.org";
}
