// The real agent (a Bun Worker), real PGlite, the plan from main's real resolver, plugins
// written into <state>/plugins/custom by the test; the model is the scripted model (a named
// test double). @elizaos/plugin-openai is real, auto-enabled by its key, pointed at a closed
// local port: if it ever served the chat, the turn would fail.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "../../src-agent/host/agent-client.test-util";
import { APP_ROOT } from "../../src-main/app/paths";
import { resolvePluginPlan } from "../../src-main/plugins";
import { configSchema } from "../../src-shared/config";
import { agentContract, conversationsContract } from "../../src-shared/contracts";
import type { PluginStatus } from "../../src-shared/protocol";
import { removeDir } from "../support/milady-process";
import { GOOD_FACT, TEST_PLUGINS, writeTestPlugins } from "../support/test-plugins";

const stateDir = tempDir("plugins");
let agent: AgentClient;
let plugins: PluginStatus[];
const status = (name: string) => plugins.find((p) => p.name === name);

beforeAll(async () => {
  await preparedDataDir(stateDir);
  writeTestPlugins(join(stateDir, "plugins", "custom"));
  const secrets = { OPENAI_API_KEY: "sk-test-not-a-real-key", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" };
  const config = configSchema.parse({
    plugins: { deny: [TEST_PLUGINS.denied], load: { paths: ["no-such-plugins-dir"] } },
  });
  const plan = resolvePluginPlan({
    config,
    secrets,
    provider: "scripted",
    pluginsDir: join(stateDir, "plugins"),
    baseDir: stateDir,
    miladyRoot: APP_ROOT,
  });
  agent = new AgentClient("worker");
  const ready = await agent.boot(
    scriptedBoot(stateDir, { plugins: plan, secrets, logLevel: "debug" }),
    undefined,
    120_000,
  );
  plugins = ready.plugins;
}, 180_000);
afterAll(async () => {
  await agent?.shutdown();
  removeDir(stateDir);
});

describe("plugins from <state>/plugins/custom in the real agent", () => {
  test("statuses: loaded, failed with reasons, refused, denied, with source and version", () => {
    expect(status("@elizaos/plugin-sql")).toMatchObject({ status: "loaded", source: "core" });
    expect(status("@elizaos/plugin-bootstrap")).toMatchObject({ status: "loaded", source: "core" });
    expect(status("milady")?.status).toBe("loaded");
    expect(status(TEST_PLUGINS.good)).toMatchObject({
      status: "loaded",
      source: "custom",
      version: "1.2.3",
      description: "a good test plugin",
    });
    expect(status(TEST_PLUGINS.initThrows)).toMatchObject({ status: "failed", source: "custom" });
    expect(status(TEST_PLUGINS.initThrows)?.reason).toContain("init exploded on purpose");
    expect(status(TEST_PLUGINS.providerThrows)?.status).toBe("loaded");
    // The impostor is refused; bootstrap is listed (and loaded) once.
    const bootstraps = plugins.filter((p) => p.name === "@elizaos/plugin-bootstrap");
    expect(bootstraps.map((p) => p.status).sort()).toEqual(["loaded", "refused"]);
    expect(bootstraps.find((p) => p.status === "refused")?.reason).toContain("core plugin");
    expect(status(TEST_PLUGINS.denied)).toMatchObject({ status: "denied", reason: "listed in plugins.deny" });
    expect(status(TEST_PLUGINS.skewed)?.status).toBe("failed");
    expect(status(TEST_PLUGINS.skewed)?.reason).toMatch(/needs @elizaos\/core \^2\.0\.0-alpha\.3, Milady has 1\.7\.2/);
    expect(status(TEST_PLUGINS.nestedCore)).toMatchObject({ status: "loaded", description: "runs on Milady's core" });
    expect(status(TEST_PLUGINS.nestedCore)?.reason).toContain("node_modules/@elizaos/core 2.0.0-alpha.537");
    expect(status(TEST_PLUGINS.noExport)?.status).toBe("failed");
    expect(status(TEST_PLUGINS.noExport)?.reason).toContain("exports no plugin");
    expect(status(TEST_PLUGINS.importThrows)?.status).toBe("failed");
    expect(status(TEST_PLUGINS.importThrows)?.reason).toBe("import failed: import exploded on purpose");
    expect(status(TEST_PLUGINS.brokenJson)?.status).toBe("failed");
    expect(status(TEST_PLUGINS.brokenJson)?.reason).toContain("package.json");
    const missing = plugins.find((p) => p.source === "path");
    expect(missing?.status).toBe("failed");
    expect(missing?.reason).toContain("no-such-plugins-dir does not exist");
  });

  test("every export pattern is found: default, export const plugin, named *Plugin, module.exports(.default)", () => {
    expect(status(TEST_PLUGINS.constExport)).toMatchObject({ status: "loaded", description: "export const plugin" });
    expect(status(TEST_PLUGINS.namedExport)).toMatchObject({ status: "loaded", description: "named export" });
    expect(status(TEST_PLUGINS.cjs)).toMatchObject({ status: "loaded", description: "commonjs object" });
    expect(status(TEST_PLUGINS.cjsDefault)).toMatchObject({ status: "loaded", description: "module.exports.default" });
  });

  test("a provider key auto-enables its plugin; the chosen (scripted) model keeps serving the chat", async () => {
    expect(status("@elizaos/plugin-openai")).toMatchObject({ status: "loaded", source: "npm" });
    const { conversation } = await agent.ok(conversationsContract, "create", {});
    const { reply } = await agent.ok(conversationsContract, "send", {
      conversationId: conversation.id,
      text: "who answers?",
    });
    expect(reply.text).toBe("Echo: who answers?");
  });

  test("the good provider's text reaches the prompt; the throwing one gives its marker and the turn goes on", async () => {
    const { conversation } = await agent.ok(conversationsContract, "create", {});
    const good = await agent.ok(conversationsContract, "send", {
      conversationId: conversation.id,
      text: "tell me [probe pineapple-7]",
    });
    expect(good.reply.text).toBe(`Echo: tell me | probe: ${GOOD_FACT} (string)`);
    const broken = await agent.ok(conversationsContract, "send", {
      conversationId: conversation.id,
      text: "and this [probe BROKEN_FACT failed]",
    });
    expect(broken.reply.text).toBe(
      "Echo: and this | probe: [provider BROKEN_FACT failed: provider exploded on purpose]",
    );
  });

  test("an action that throws is reported (log and agent_event) and the reply still comes", async () => {
    const { conversation } = await agent.ok(conversationsContract, "create", {});
    const { reply } = await agent.ok(conversationsContract, "send", {
      conversationId: conversation.id,
      text: "blow up [action EXPLODE]",
    });
    expect(reply.text).toBe("Echo: blow up");
    const event = await agent.waitForEvent(agentContract, "agent_event", (e) => e.payload.kind === "action");
    expect(event.payload).toEqual({
      kind: "action",
      action: "EXPLODE",
      plugin: TEST_PLUGINS.providerThrows,
      error: "action exploded on purpose",
    });
    const logged = agent.messages.some(
      (m) =>
        m.type === "event" &&
        JSON.stringify(m.payload).includes(`plugin ${TEST_PLUGINS.providerThrows}: action EXPLODE failed`),
    );
    expect(logged).toBe(true);
  });
});

test("the import and registration times are logged (debug), and printed here for the report", () => {
  const line = agent.messages
    .map((m) => (m.type === "event" ? JSON.stringify(m.payload) : ""))
    .find((t) => t.includes("registered in"));
  expect(line).toMatch(/imported \d+ in \d+ ms, registered in \d+ ms/);
  console.log(line);
});
