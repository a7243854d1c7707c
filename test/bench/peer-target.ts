import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv } from "./milady-target";
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

const PEER = join(import.meta.dir, "elizaos-peer.ts");
/** The peer's sessions need a user id (any UUID); one fixed user, like Milady's single local user. */
const USER_ID = "6d0f3b2a-7c1e-4b8a-9f21-3c5d7e9a1b2c";

/** AgentServer rejects port 0, so ask the kernel for a free loopback port first. */
export function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = probe;
  probe.stop(true);
  return port;
}

/**
 * Spawns test/bench/elizaos-peer.ts and times it:
 * healthMs = spawn -> first 200 of /api/server/ping (it listens after DB init + migrations),
 * readyMs = spawn -> peer.run.json written (startAgents() resolved).
 * Note: the peer's API rate limit is 1,000 requests per 15 min per IP; the bench stays under it.
 */
export const startPeerTarget: Launcher = async ({ stateDir, env = {} }) => {
  const dataDir = join(stateDir, "elizadb");
  const runFile = join(dataDir, "peer.run.json");
  rmSync(runFile, { force: true });
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const proc = track(
    Bun.spawn([process.execPath, PEER, "--data-dir", dataDir, "--port", String(port)], {
      cwd: stateDir,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: cleanEnv({ ELIZA_SERVER_AUTH_TOKEN: "", ...env }),
    }),
  );
  const stderr = collectStderr(proc);
  try {
    await pollUntil("/api/server/ping 200", () => httpOk(`${url}/api/server/ping`), proc, stderr);
    const healthMs = performance.now() - t0;
    let agentId = "";
    await pollUntil(
      "peer.run.json",
      () => {
        try {
          const info = JSON.parse(readFileSync(runFile, "utf8")) as { pid: number; agentId: string };
          agentId = info.agentId;
          return info.pid === proc.pid;
        } catch {
          return false;
        }
      },
      proc,
      stderr,
      5,
    );
    const readyMs = performance.now() - t0;
    const target: RunningTarget = {
      pid: proc.pid,
      url,
      healthMs,
      readyMs,
      newConversation: async () => {
        const s = await postJson<{ sessionId: string }>(`${url}/api/messaging/sessions`, { agentId, userId: USER_ID });
        return s.sessionId;
      },
      send: async (sessionId, text) => {
        const r = await postJson<{ agentResponse?: { text?: string } }>(
          `${url}/api/messaging/sessions/${sessionId}/messages`,
          { content: text, transport: "http" },
        );
        return r.agentResponse?.text ?? "";
      },
      rssMb: processRss(proc.pid),
      stderr,
      stop: () => stopProcess(proc, 3_000),
    };
    return target;
  } catch (error) {
    await stopProcess(proc, 3_000);
    throw error;
  }
};
