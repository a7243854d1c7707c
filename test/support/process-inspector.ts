// Loaded with `bun --preload` into a Milady process under test: it notes the
// runtime's own process.exit before Milady's code runs, then writes what the
// process looks like (exit hook, signal listeners, loaded modules) to
// $MILADY_INSPECT_FILE four times a second, for a test to read with a bound.
import { writeFileSync } from "node:fs";

const originalExit = process.exit;
const file = process.env.MILADY_INSPECT_FILE;

function snapshot() {
  const listeners = (signal: NodeJS.Signals) => process.listeners(signal).map((f) => f.toString().slice(0, 400));
  return {
    at: Date.now(),
    exitIsRuntimes: process.exit === originalExit,
    sigterm: listeners("SIGTERM"),
    sigint: listeners("SIGINT"),
    uncaughtException: process.listeners("uncaughtException").length,
    modules: Object.keys(require.cache),
  };
}

if (file) {
  const timer = setInterval(() => writeFileSync(file, JSON.stringify(snapshot())), 250);
  timer.unref();
}
