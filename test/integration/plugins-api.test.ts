// The real main process (resolver, boot config, /api/plugins, /api/status), the real agent
// Worker and PGlite; plugins written by the test into <state>/plugins/custom and a deny list
// in milady.json; the model is the scripted model (a named test double).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MiladyProcess, postJson, removeDir, startMilady, tempStateDir } from "../support/milady-process";
import { GOOD_FACT, TEST_PLUGINS, writeTestPlugins } from "../support/test-plugins";
import { until } from "../support/until";

let milady: MiladyProcess;
let stateDir: string;

beforeAll(async () => {
  stateDir = tempStateDir("milady-plugins-api-");
  writeTestPlugins(join(stateDir, "plugins", "custom"));
  writeFileSync(join(stateDir, "milady.json"), JSON.stringify({ plugins: { deny: [TEST_PLUGINS.denied] } }));
  milady = await startMilady({ stateDir });
}, 120_000);
afterAll(async () => {
  if (milady?.proc.exitCode === null) await milady.stop();
  removeDir(stateDir);
});

type Entry = { name: string; status: string; enabled: boolean; source?: string; reason?: string; version?: string };

describe("/api/plugins with plugins from <state>/plugins/custom", () => {
  test("the list and the status snapshot carry every status with its source, version and reason", async () => {
    const { plugins } = (await milady.json("/api/plugins")) as { plugins: Entry[] };
    const get = (name: string, source?: string) =>
      plugins.find((p) => p.name === name && (!source || p.source === source));
    expect(get(TEST_PLUGINS.good)).toMatchObject({
      status: "loaded",
      source: "custom",
      version: "1.2.3",
      enabled: true,
    });
    expect(get(TEST_PLUGINS.initThrows)?.status).toBe("failed");
    expect(get(TEST_PLUGINS.initThrows)?.reason).toContain("init exploded on purpose");
    expect(get(TEST_PLUGINS.denied)).toMatchObject({ status: "denied", source: "custom" });
    expect(get("@elizaos/plugin-bootstrap", "core")?.status).toBe("loaded");
    expect(get("@elizaos/plugin-bootstrap", "custom")?.status).toBe("refused");
    expect(get(TEST_PLUGINS.cjs)?.status).toBe("loaded");
    const status = await milady.json("/api/status");
    expect(status.plugins.find((p: Entry) => p.name === TEST_PLUGINS.skewed)?.reason).toContain("Milady has 1.7.2");
    // The summary is logged once at start (stderr is read asynchronously: wait for it).
    const summaries = () => milady.stderr().match(/plugins: loaded \d+ \(/g) ?? [];
    await until(() => summaries().length > 0, 10_000, "the plugin summary on stderr");
    expect(summaries().length).toBe(1);
    const initFailed = `${TEST_PLUGINS.initThrows}: init failed: init exploded on purpose`;
    await until(() => milady.stderr().includes(initFailed), 10_000, "the init failure on stderr");
  });

  test("the good provider reaches the prompt over HTTP; the broken one does not stop the turn", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "plugins" }));
    const res = await milady.json(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: "what is it [probe pineapple-7]" }),
    );
    expect(res.reply.text).toBe(`Echo: what is it | probe: ${GOOD_FACT} (string)`);
  });

  test("disable then enable a custom plugin writes the config for the next start", async () => {
    const off = await milady.json(`/api/plugins/${TEST_PLUGINS.good}/disable`, { method: "POST" });
    expect(off).toMatchObject({ enabled: false, restartRequired: true });
    const { plugins } = (await milady.json("/api/plugins")) as { plugins: Entry[] };
    expect(plugins.find((p) => p.name === TEST_PLUGINS.good)).toMatchObject({ status: "loaded", enabled: false });
    await milady.json(`/api/plugins/${TEST_PLUGINS.good}/enable`, { method: "POST" });
    const saved = JSON.parse(readFileSync(join(stateDir, "milady.json"), "utf8"));
    expect(saved.plugins.disabled ?? []).not.toContain(TEST_PLUGINS.good);
    expect(saved.plugins.deny).toEqual([TEST_PLUGINS.denied]);
  });
});
