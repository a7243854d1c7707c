#!/usr/bin/env node
// The `milady` command. Runs the TypeScript main process on Bun (from the `bun`
// npm package) and supervises it: exit code 75 means "restart me" (a restart
// that needs a new process, e.g. after a port change), anything else is final.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const RESTART_EXIT_CODE = 75;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const main = join(root, "src-main", "main.ts");

function findBun() {
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

const bun = findBun();
const args = process.argv.slice(2);
let child = null;
let stopping = false;

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stopping = true;
    if (child) child.kill(signal);
    else process.exit(0);
  });
}

function launch() {
  child = spawn(bun, [main, ...args], {
    stdio: "inherit",
    env: { ...process.env, MILADY_SUPERVISED: "1" },
  });
  child.on("error", (error) => {
    console.error(`milady: could not run Bun (${bun}): ${error.message}\nRun \`npm install\` in ${root} first.`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    child = null;
    if (code === RESTART_EXIT_CODE && !stopping) {
      console.error("milady: restarting…");
      launch();
      return;
    }
    process.exit(code ?? (signal ? 128 + 2 : 1));
  });
}

launch();
