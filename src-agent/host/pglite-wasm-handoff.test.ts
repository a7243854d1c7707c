import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, rmSync } from "node:fs";
import { conversationsContract, logsContract } from "../../src-shared/contracts";
import { PGLITE_WASM_HANDOFF } from "../../src-shared/protocol";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "./agent-client.test-util";

// Real Worker entry, real PGlite on a migrated copy, the scripted model (test double): the agent
// opens its database with the wasm module main compiled, or compiles its own when main has none.
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const wasmBytes = () => readFileSync(new URL("./pglite.wasm", import.meta.resolve("@electric-sql/pglite")));

async function bootWith(handedModule: () => Promise<WebAssembly.Module | null>) {
  const stateDir = tempDir("wasm-handoff");
  dirs.push(stateDir);
  await preparedDataDir(stateDir);
  const agent = new AgentClient("worker");
  // As main's worker transport does: "coming" at once, before init; the module when it is compiled.
  agent.send({ [PGLITE_WASM_HANDOFF]: "coming" });
  void handedModule().then((module) => agent.send({ [PGLITE_WASM_HANDOFF]: module }));
  const ready = await agent.boot(scriptedBoot(stateDir, { logLevel: "debug" }), undefined, 60_000);
  const origin = agent
    .events(logsContract, "log")
    .map((e) => e.line.msg)
    .find((msg) => msg.startsWith("PGlite wasm:"));
  return { agent, ready, origin };
}

describe("PGlite's wasm handed from main to a Worker agent", () => {
  test("the agent opens its database with main's module and chats", async () => {
    // Sent late on purpose: the agent must wait for it rather than compile its own.
    const { agent, ready, origin } = await bootWith(async () => {
      const module = await WebAssembly.compile(wasmBytes());
      await Bun.sleep(300);
      return module;
    });
    try {
      expect(ready.db.kind).toBe("pglite");
      expect(origin).toMatch(/^PGlite wasm: from main/);
      const { conversation } = await agent.ok(conversationsContract, "create", {});
      const sent = await agent.ok(conversationsContract, "send", { conversationId: conversation.id, text: "hi" });
      expect(sent.reply.text).toBe("Echo: hi");
    } finally {
      await agent.shutdown();
    }
  }, 120_000);

  test("a new database in a folder whose parent is missing (a first run without the template) starts", async () => {
    const stateDir = tempDir("wasm-handoff-fresh");
    dirs.push(stateDir);
    const agent = new AgentClient("worker");
    // The module at once: PGlite starts before anything else has made the data dir's parent.
    agent.send({ [PGLITE_WASM_HANDOFF]: "coming" });
    agent.send({ [PGLITE_WASM_HANDOFF]: await WebAssembly.compile(wasmBytes()) });
    try {
      const dataDir = `${stateDir}/workspace/.eliza/.elizadb`;
      const ready = await agent.boot(scriptedBoot(stateDir, { dataDir }), undefined, 120_000);
      expect(ready.db.kind).toBe("pglite");
    } finally {
      await agent.shutdown();
    }
  }, 180_000);

  test("main's compile failed (null): the agent compiles the wasm itself and starts", async () => {
    const { agent, ready, origin } = await bootWith(async () => null);
    try {
      expect(ready.db.kind).toBe("pglite");
      expect(origin).toBe("PGlite wasm: compiled by the agent (main sent none)");
    } finally {
      await agent.shutdown();
    }
  }, 120_000);
});
