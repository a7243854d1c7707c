/**
 * Entry of the agent as a child process: `Bun.spawn(["bun", "src-agent/process-entry.ts"], { ipc })`.
 * The crash-isolated option: a native crash here cannot take main down.
 */
import type { AgentToHost } from "../src-shared/protocol";
import { runHostLoop } from "./host";

if (typeof process.send !== "function") {
  console.error("src-agent/process-entry.ts must be started by Milady with an IPC channel (Bun.spawn({ ipc })).");
  process.exit(2);
}

let pending = 0;
let exitCode: number | undefined;
const maybeExit = () => {
  if (exitCode !== undefined && pending === 0) process.exit(exitCode);
};

runHostLoop({
  kind: "process",
  post: (msg: AgentToHost) => {
    pending++;
    process.send?.(msg, undefined, undefined, () => {
      pending--;
      maybeExit();
    });
  },
  onMessage: (fn) => {
    process.on("message", (m) => fn(m));
  },
  // Exit once every posted message (notably `stopped`) has left the pipe; the 30 s
  // service timers elizaOS leaves behind would otherwise keep the process alive.
  exit: (code) => {
    exitCode = code;
    maybeExit();
    setTimeout(() => process.exit(code), 2000).unref?.();
  },
});

// Main went away (its end of the IPC channel closed): nobody is left to serve.
process.on("disconnect", () => process.exit(0));
