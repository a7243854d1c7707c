// MCP end to end, all real: @elizaos/plugin-mcp installed from the npm registry through the
// plugin installer into the state dir, a real MCP server from npm (@modelcontextprotocol/server-memory,
// stdio, offline) installed into a temp dir, the real main process, Worker, PGlite and HTTP. The
// model is the scripted model (a named test double) told which tool to call with [mcp ACTION {json}].
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type MiladyProcess,
  postJson,
  removeDir,
  startMilady,
  tempStateDir,
  waitForState,
} from "../support/milady-process";
import { until } from "../support/until";

const INSTALL_TIMEOUT_MS = 240_000;
let milady: MiladyProcess;
let serverDir: string;
let memoryFile: string;

const put = (body: unknown): RequestInit => ({
  method: "PUT",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  serverDir = tempStateDir("milady-mcp-server-");
  memoryFile = join(serverDir, "memory.jsonl");
  const npm = Bun.spawn(
    [
      "npm",
      "install",
      "--prefix",
      serverDir,
      "--no-audit",
      "--no-fund",
      "@modelcontextprotocol/server-memory@2026.8.31",
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  const code = await npm.exited;
  if (code !== 0) throw new Error(`npm install of the MCP server failed: ${await new Response(npm.stderr).text()}`);
  milady = await startMilady();
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  if (milady && milady.proc.exitCode === null) await milady.stop();
  if (milady) removeDir(milady.stateDir);
  removeDir(serverDir);
});

async function mcp() {
  return milady.json("/api/mcp");
}

describe("MCP servers", () => {
  test(
    "saving a server installs plugin-mcp through the installer; a restart connects it and lists its tools",
    async () => {
      const entry = join(serverDir, "node_modules", "@modelcontextprotocol", "server-memory", "dist", "index.js");
      expect(existsSync(entry)).toBe(true);
      const saved = await milady.json(
        "/api/mcp/servers/memory",
        put({ command: "node", args: [entry], env: { MEMORY_FILE_PATH: memoryFile } }),
      );
      expect(saved.servers.find((s: any) => s.name === "memory").status).toMatch(/installing|restart_required/);
      await milady.json("/api/mcp/servers/broken", put({ command: "milady-no-such-command-7f3a" }));

      // The install is real (npm): bounded, and progress shows while it runs.
      const done = await until(
        async () => {
          const list = await mcp();
          return list.plugin.installedVersion ? list : undefined;
        },
        INSTALL_TIMEOUT_MS,
        "plugin-mcp installed",
      );
      expect(done.plugin.installedVersion).toBe("1.3.5");
      const config = await milady.json("/api/config");
      expect(config.config.plugins.installs["@elizaos/plugin-mcp"].path).toContain(milady.stateDir);

      await milady.json("/api/agent/restart", { method: "POST" });
      await waitForState(milady, ["running"], 60_000);
      const connected = await until(
        async () => {
          const list = await mcp();
          const memory = list.servers.find((s: any) => s.name === "memory");
          return memory?.status === "connected" ? memory : undefined;
        },
        60_000,
        "the memory server connected",
      );
      const names = connected.tools.map((t: any) => t.name);
      expect(names).toContain("create_entities");
      expect(names).toContain("search_nodes");
      const create = connected.tools.find((t: any) => t.name === "create_entities");
      expect(create.description.length).toBeGreaterThan(10);
      expect(create.action).toBe("CALL_MCP_TOOL");
    },
    INSTALL_TIMEOUT_MS + 120_000,
  );

  test("a server whose command does not exist shows failed with the reason, and stops retrying", async () => {
    const broken = await until(
      async () => {
        const list = await mcp();
        const server = list.servers.find((s: any) => s.name === "broken");
        return server?.status === "failed" ? server : undefined;
      },
      30_000,
      "the broken server reported failed",
    );
    expect(broken.reason).toMatch(/ENOENT|not found|spawn/i);
    expect(broken.tools).toEqual([]);
    // plugin-mcp alone would retry it forever; the guard gives up after a few attempts.
    await until(() => milady.stderr().includes("MCP server broken: no more retries"), 30_000, "retries stopped");
  }, 120_000);

  test("the agent calls a real tool: its result is the reply and lands in the server's own file", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "MCP" }));
    const entities = {
      entities: [{ name: "Zanzibar Quill", entityType: "person", observations: ["keeps seven teal kites"] }],
    };
    const created = await milady.json(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: `remember this [mcp memory create_entities ${JSON.stringify(entities)}]` }),
    );
    expect(created.reply.text).toContain("Zanzibar Quill");
    await until(
      () => existsSync(memoryFile) && readFileSync(memoryFile, "utf8").includes("teal kites"),
      10_000,
      "memory file",
    );

    const found = await milady.json(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: `what do you know? [mcp memory search_nodes {"query":"Zanzibar"}]` }),
    );
    // The server's own search answer, with the observation stored by the first call.
    expect(found.reply.text).toContain("keeps seven teal kites");
    expect(found.reply.actions).toContain("CALL_MCP_TOOL");
  }, 120_000);

  test("the agent still replies normally with a failed server configured", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "plain" }));
    const res = await milady.json(`/api/conversations/${conversation.id}/messages`, postJson({ text: "still here?" }));
    expect(res.reply.text).toBe("Echo: still here?");
    const status = await milady.json("/api/status");
    expect(status.state).toBe("running");
  }, 120_000);

  test("bad input is refused with what to do", async () => {
    const bad = await milady.api("/api/mcp/servers/has%20space", put({ command: "node" }));
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.message).toContain("not an MCP server name");
    const missing = await milady.api("/api/mcp/servers/nothere", { method: "DELETE" });
    expect(missing.status).toBe(404);
  });
});
