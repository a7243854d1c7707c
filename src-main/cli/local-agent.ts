import { AgentManager } from "../agent-host";
import { agentHostOptions } from "../app/agent-transport";
import { prepareBootConfig } from "../app/boot-config";
import { acquireStateLock } from "../app/state-lock";
import type { FileConfigStore } from "../config";
import type { Logger } from "../logging";
import { VERSION } from "../version";

/** The agent's own log stays quiet on a terminal command; failures come back as errors. */
const quiet: Logger = {
  error: (msg) => process.stderr.write(`${msg}\n`),
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

/**
 * Runs `fn` with the agent host started in this process on the state dir (Milady is not running:
 * the lock is taken first, so a `milady start` meanwhile waits its turn by failing clearly).
 * `stop` ends the agent early (an import stops it before it switches the agent id).
 */
export async function withLocalAgent<T>(
  store: FileConfigStore,
  fn: (agent: AgentManager, stop: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const lock = acquireStateLock(store.paths.stateDir, "headless");
  const agent = new AgentManager({
    version: VERSION,
    logger: quiet,
    prepareBoot: () => prepareBootConfig(store),
    ...agentHostOptions(store),
    replyTimeoutMs: () => 600_000,
    readyTimeoutMs: 180_000,
  });
  try {
    await agent.start();
    return await fn(agent, () => agent.stop());
  } finally {
    await agent.stop().catch(() => undefined);
    lock.release();
  }
}
