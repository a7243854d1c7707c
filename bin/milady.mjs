#!/usr/bin/env node
// The `milady` command: runs the TypeScript main process on Bun (from the `bun` npm package)
// at the lowest cost in memory. Exit code 75 means "restart me" (a restart that needs a new
// process, e.g. after a port change); main handles it itself where it can (src-main/app/relaunch.ts).
//
// - Under Bun (`npm start` runs `bun bin/milady.mjs`): main runs in this very process.
// - Under Node with process.execve (Node >= 22.15 / 23.11, not Windows): this process becomes Bun.
// - Otherwise (Node 20, Windows, or MILADY_RUNNER=supervise): a supervisor, as before: Bun runs
//   as a child with MILADY_SUPERVISED=1, exits 75 to be restarted, and signals are passed on.
//   It costs a Node process (~44 MB) for the whole run, so it is only the fallback.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mainEntry } from "./main-entry.mjs";

const RESTART_EXIT_CODE = 75;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const main = mainEntry(root);
const args = process.argv.slice(2);
const underBun = typeof process.versions.bun === "string";
const canExec = typeof process.execve === "function" && process.platform !== "win32";
const supervise = process.env.MILADY_RUNNER === "supervise" || !canExec;

function findBun() {
  if (underBun) return process.execPath;
  const require = createRequire(import.meta.url);
  const candidates = [];
  try {
    candidates.push(join(dirname(require.resolve("bun/package.json")), "bin", "bun.exe"));
  } catch {
    // not installed as a dependency
  }
  candidates.push(join(root, "node_modules", ".bin", process.platform === "win32" ? "bun.cmd" : "bun"));
  return candidates.find((path) => existsSync(path)) ?? "bun";
}

function cannotRunBun(bun, error) {
  console.error(`milady: could not run Bun (${bun}): ${error.message}\nRun \`npm install\` in ${root} first.`);
  process.exit(1);
}

/** The fallback: Bun as a child, restarted on exit code 75. */
function superviseBun(bun) {
  let child = null;
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      stopping = true;
      if (child) child.kill(signal);
      else process.exit(0);
    });
  }
  const launch = () => {
    child = spawn(bun, [main, ...args], { stdio: "inherit", env: { ...process.env, MILADY_SUPERVISED: "1" } });
    child.on("error", (error) => cannotRunBun(bun, error));
    child.on("exit", (code, signal) => {
      child = null;
      if (code === RESTART_EXIT_CODE && !stopping) {
        console.error("milady: restarting…");
        launch();
        return;
      }
      process.exit(code ?? (signal ? 128 + 2 : 1));
    });
  };
  launch();
}

if (supervise) superviseBun(findBun());
else if (underBun) await import(pathToFileURL(main).href);
else {
  const bun = findBun();
  try {
    process.execve(bun, [bun, main, ...args], process.env);
  } catch (error) {
    cannotRunBun(bun, error);
  }
}
