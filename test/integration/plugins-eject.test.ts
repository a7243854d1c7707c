// An ejected copy of a core npm plugin loads in the core one's place: the real agent (a Bun
// Worker, real PGlite, the scripted model test double) with <state>/plugins/ejected holding a
// changed @elizaos/plugin-bootstrap (Milady's own, plus one provider) and a copy of plugin-sql,
// which stays Milady's (it owns the database).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "../../src-agent/host/agent-client.test-util";
import { APP_ROOT } from "../../src-main/app/paths";
import { resolvePluginPlan } from "../../src-main/plugins";
import { configSchema } from "../../src-shared/config";
import { conversationsContract } from "../../src-shared/contracts";
import type { PluginStatus } from "../../src-shared/protocol";
import { removeDir } from "../support/milady-process";

const stateDir = tempDir("plugins-eject");
let agent: AgentClient;
let plugins: PluginStatus[];
const MARK = "the ejected bootstrap is the one running";

function writePackage(dir: string, name: string, version: string, index: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version, type: "module", main: "index.js" }));
  writeFileSync(join(dir, "index.js"), index);
}

beforeAll(async () => {
  await preparedDataDir(stateDir);
  const bootstrap = join(APP_ROOT, "node_modules", "@elizaos", "plugin-bootstrap", "dist", "index.js");
  writePackage(
    join(stateDir, "plugins", "ejected", "plugin-bootstrap"),
    "@elizaos/plugin-bootstrap",
    "1.7.2-edited",
    `import real from ${JSON.stringify(bootstrap)};
const mark = { name: "EJECTED_MARK", get: async () => ({ text: ${JSON.stringify(MARK)} }) };
export default { ...real, providers: [...(real.providers ?? []), mark] };
`,
  );
  writePackage(
    join(stateDir, "plugins", "ejected", "plugin-sql"),
    "@elizaos/plugin-sql",
    "1.7.2-edited",
    `export default { name: "@elizaos/plugin-sql" };\n`,
  );
  const plan = resolvePluginPlan({
    config: configSchema.parse({}),
    secrets: {},
    provider: "scripted",
    pluginsDir: join(stateDir, "plugins"),
    baseDir: stateDir,
    miladyRoot: APP_ROOT,
  });
  agent = new AgentClient("worker");
  plugins = (await agent.boot(scriptedBoot(stateDir, { plugins: plan }), undefined, 120_000)).plugins;
}, 180_000);
afterAll(async () => {
  await agent?.shutdown();
  removeDir(stateDir);
});

describe("ejected core plugins", () => {
  test("the ejected bootstrap loads once, in the core one's place; an ejected plugin-sql is refused", () => {
    const bootstraps = plugins.filter((p) => p.name === "@elizaos/plugin-bootstrap");
    expect(bootstraps).toHaveLength(1);
    expect(bootstraps[0]).toMatchObject({ status: "loaded", source: "ejected", version: "1.7.2-edited" });
    const sqls = plugins.filter((p) => p.name === "@elizaos/plugin-sql");
    expect(sqls.map((p) => [p.source, p.status])).toEqual([
      ["core", "loaded"],
      ["ejected", "refused"],
    ]);
  });

  test("the edited copy is what runs: its provider reaches the prompt and the agent replies", async () => {
    const { conversation } = await agent.ok(conversationsContract, "create", {});
    const { reply } = await agent.ok(conversationsContract, "send", {
      conversationId: conversation.id,
      text: "who runs? [probe ejected bootstrap]",
    });
    expect(reply.text).toBe(`Echo: who runs? | probe: ${MARK}`);
  });
});
