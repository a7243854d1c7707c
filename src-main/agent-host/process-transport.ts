import type { Subprocess } from "bun";
import type { HostToAgent } from "../../src-shared/protocol";
import type { AgentTransport } from "./transport";

/**
 * Runs the agent in a child Bun process over an IPC channel: slower to start,
 * but a native abort (llama.cpp, PGlite WASM) only kills the child.
 */
export function createProcessTransport(entry: string): AgentTransport {
  const messageListeners: Array<(message: unknown) => void> = [];
  const exitListeners: Array<(reason: string) => void> = [];
  let exited = false;
  const child: Subprocess = Bun.spawn([process.execPath, entry], {
    ipc(message) {
      for (const listener of messageListeners) listener(message);
    },
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, MILADY_AGENT_CHILD: "1" },
    onExit(_proc, exitCode, signalCode) {
      if (exited) return;
      exited = true;
      const how = signalCode ? `signal ${signalCode}` : `code ${exitCode}`;
      for (const listener of exitListeners) listener(`agent process exited with ${how}`);
    },
  });
  return {
    kind: "process",
    send: (message: HostToAgent) => {
      if (exited) return;
      try {
        child.send(message);
      } catch {
        // The channel closed between the check and the send; onExit reports it.
      }
    },
    onMessage: (listener) => {
      messageListeners.push(listener);
    },
    onExit: (listener) => {
      exitListeners.push(listener);
    },
    terminate: async () => {
      if (exited) return;
      child.kill("SIGTERM");
      const killed = await Promise.race([child.exited.then(() => true), Bun.sleep(2000).then(() => false)]);
      if (!killed) child.kill("SIGKILL");
      await child.exited;
    },
  };
}
