import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeAgentController } from "../agent-host/testing";
import { FakeConfigStore } from "../config/testing";
import type { InstallOptions } from "../plugins";
import { bootExtensions } from "./boot";
import { ConnectorService } from "./connector-service";

// ConnectorService against the config store and agent test doubles and a scripted installer:
// what a user sees from Save to connected, and what the agent is handed at its next start.
const dir = mkdtempSync(join(tmpdir(), "milady-connectors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = { debug() {}, info() {}, warn() {}, error() {} };

/** An installer whose installs finish when the test says, writing a real package dir and record. */
function scriptedInstaller(config: FakeConfigStore) {
  const waiting: Array<{ spec: string; done(fail?: string): Promise<void> }> = [];
  return {
    waiting,
    install(spec: string, opts?: InstallOptions) {
      opts?.onProgress?.({ phase: "downloading", message: `downloading ${spec}` });
      return new Promise<never>((resolve, reject) => {
        waiting.push({
          spec,
          done: async (fail) => {
            if (fail) return reject(Object.assign(new Error(fail), { fix: "check the network" }));
            const name = spec.slice(0, spec.lastIndexOf("@"));
            const path = join(dir, "installed", name);
            mkdirSync(path, { recursive: true });
            writeFileSync(join(path, "package.json"), JSON.stringify({ name, version: "1.0.0" }));
            await config.patch({
              config: { plugins: { installs: { [name]: { spec, version: "1.0.0", path, installedAt: "now" } } } },
            });
            resolve(undefined as never);
          },
        });
      });
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe("ConnectorService", () => {
  test("save -> installing with progress -> restart needed -> the agent's own state; remove", async () => {
    const config = new FakeConfigStore(join(dir, "a"));
    const agent = new FakeAgentController();
    const installer = scriptedInstaller(config);
    const svc = new ConnectorService({ config, agent, installer, log });
    expect((await svc.list()).find((c) => c.id === "telegram")?.status).toBe("not_configured");

    const saved = await svc.configure("telegram", { token: "123:abcdefgh" });
    expect(saved.connector).toMatchObject({
      status: "installing",
      progress: "downloading @elizaos/plugin-telegram@1.6.4",
    });
    expect(saved.connector.secrets.TELEGRAM_BOT_TOKEN).not.toContain("abcdefgh");
    expect(installer.waiting.map((w) => w.spec)).toEqual(["@elizaos/plugin-telegram@1.6.4"]);
    // A second save while it installs does not start a second npm.
    await svc.configure("telegram", {});
    expect(installer.waiting).toHaveLength(1);

    await installer.waiting[0].done();
    await settle();
    const ready = (await svc.list()).find((c) => c.id === "telegram");
    expect(ready).toMatchObject({ status: "restart_required", installedVersion: "1.0.0" });
    expect(bootExtensions(config.current(), config.secrets(), {})?.connectors).toEqual([
      { id: "telegram", path: join(dir, "installed", "@elizaos/plugin-telegram"), apiBase: undefined },
    ]);

    // After a restart, what the agent reports is what the user sees.
    agent.connectors = [{ id: "telegram", status: "failed", reason: "Telegram rejected the token (401 Unauthorized)" }];
    await agent.restart();
    const failed = (await svc.list()).find((c) => c.id === "telegram");
    expect(failed).toMatchObject({ status: "failed", reason: "Telegram rejected the token (401 Unauthorized)" });

    const removed = await svc.remove("telegram");
    expect(removed.connector.status).toBe("not_configured");
    expect(config.secrets().TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.current().connectors.telegram).toBeUndefined();
    await expect(svc.remove("telegram")).rejects.toThrow("not configured");
    svc.dispose();
  });

  test("an install that fails: failed with npm's reason and the fix", async () => {
    const config = new FakeConfigStore(join(dir, "b"));
    const installer = scriptedInstaller(config);
    const svc = new ConnectorService({ config, agent: new FakeAgentController(), installer, log });
    await svc.configure("discord", { token: "tok", applicationId: "123456789012" });
    await installer.waiting[0].done("npm could not reach the registry");
    await settle();
    const discord = (await svc.list()).find((c) => c.id === "discord");
    expect(discord?.status).toBe("failed");
    expect(discord?.reason).toContain("npm could not reach the registry (check the network)");
    svc.dispose();
  });

  test("MCP: a server saved installs plugin-mcp once; the boot config carries the enabled servers", async () => {
    const config = new FakeConfigStore(join(dir, "c"));
    const installer = scriptedInstaller(config);
    const svc = new ConnectorService({ config, agent: new FakeAgentController(), installer, log });
    const list = await svc.mcpSet("memory", { command: "node", args: ["m.js"], env: { A: "1" }, enabled: true });
    expect(list.servers[0]).toMatchObject({ name: "memory", status: "installing", envKeys: ["A"] });
    await svc.mcpSet("off", { command: "x", args: [], env: {}, enabled: false });
    expect(installer.waiting.map((w) => w.spec)).toEqual(["@elizaos/plugin-mcp@1.3.5"]);
    await installer.waiting[0].done();
    await settle();
    const boot = bootExtensions(config.current(), config.secrets(), {});
    expect(boot?.mcp?.servers).toEqual({ memory: { command: "node", args: ["m.js"], env: { A: "1" } } });
    expect(boot?.mcp?.path).toContain("plugin-mcp");
    // Replacing a server drops env keys it no longer has.
    await svc.mcpSet("memory", { command: "node", args: [], env: {}, enabled: true });
    expect(config.current().mcp.servers.memory.env).toEqual({});
    await expect(svc.mcpRemove("nope")).rejects.toThrow("no MCP server named nope");
    svc.dispose();
  });

  test("a token is required the first time", async () => {
    const config = new FakeConfigStore(join(dir, "d"));
    const svc = new ConnectorService({
      config,
      agent: new FakeAgentController(),
      installer: scriptedInstaller(config),
      log,
    });
    await expect(svc.configure("telegram", {})).rejects.toThrow("TELEGRAM_BOT_TOKEN");
    svc.dispose();
  });
});
