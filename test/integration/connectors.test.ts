// Telegram end to end: the real @elizaos/plugin-telegram installed from the npm registry through
// the plugin installer into the state dir, the real main process, Worker, PGlite and HTTP.
// Telegram's servers are unreachable here, so its Bot API is a NAMED TEST DOUBLE
// (test/support/connector-api-double.ts) that Milady reaches through MILADY_TELEGRAM_API_BASE,
// the test-only override (the plugin itself is pointed at it through TELEGRAM_API_ROOT).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ConnectorApiDouble,
  DOUBLE_BOT_USERNAME,
  GOOD_TELEGRAM_TOKEN,
  startConnectorApiDouble,
} from "../support/connector-api-double";
import {
  MAIN,
  type MiladyProcess,
  postJson,
  removeDir,
  runCli,
  startMilady,
  waitForState,
} from "../support/milady-process";
import { until } from "../support/until";

const INSTALL_TIMEOUT_MS = 240_000;
const BAD_TOKEN = "777000:definitely-not-a-real-token";
let milady: MiladyProcess;
let double: ConnectorApiDouble;

const put = (body: unknown): RequestInit => ({
  method: "PUT",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  double = startConnectorApiDouble();
  milady = await startMilady({ env: { MILADY_TELEGRAM_API_BASE: double.url } });
});

afterAll(async () => {
  if (milady && milady.proc.exitCode === null) await milady.stop();
  if (milady) removeDir(milady.stateDir);
  double?.stop();
});

async function telegram() {
  const { connectors } = await milady.json("/api/connectors");
  return connectors.find((c: { id: string }) => c.id === "telegram");
}

const cli = (args: string[]) => runCli(milady.stateDir, args);

async function restartAgent() {
  await milady.json("/api/agent/restart", { method: "POST" });
  await waitForState(milady, ["running"], 60_000);
}

describe("Telegram connector", () => {
  test("not configured at first; a token is required", async () => {
    const tg = await telegram();
    expect(tg.status).toBe("not_configured");
    expect(tg.secrets.TELEGRAM_BOT_TOKEN).toBeNull();
    const res = await milady.api("/api/connectors/telegram", put({}));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain("TELEGRAM_BOT_TOKEN");
  });

  test(
    "a bad token: the plugin installs on demand, the agent starts, the connector fails with why, chat still works",
    async () => {
      const saved = await milady.json("/api/connectors/telegram", put({ token: BAD_TOKEN }));
      expect(saved.connector.configured).toBe(true);
      expect(saved.connector.secrets.TELEGRAM_BOT_TOKEN).not.toContain("definitely");
      expect(readFileSync(join(milady.stateDir, ".env"), "utf8")).toContain(`TELEGRAM_BOT_TOKEN=${BAD_TOKEN}`);
      const installed = await until(
        async () => {
          const tg = await telegram();
          if (tg.status === "failed") throw new Error(tg.reason);
          return tg.installedVersion ? tg : undefined;
        },
        INSTALL_TIMEOUT_MS,
        "plugin-telegram installed",
      );
      expect(installed.installedVersion).toBe("1.6.4");
      expect(installed.status).toBe("restart_required");
      const config = await milady.json("/api/config");
      expect(config.config.plugins.installs["@elizaos/plugin-telegram"].path).toContain(milady.stateDir);
      expect(config.config.connectors.telegram.enabled).toBe(true);

      await restartAgent();
      const failed = await until(
        async () => {
          const tg = await telegram();
          return tg.status === "failed" ? tg : undefined;
        },
        30_000,
        "the connector reported failed",
      );
      expect(failed.reason).toContain("Telegram rejected the token (401");
      expect(failed.reason).not.toContain(BAD_TOKEN);

      const status = await milady.json("/api/status");
      expect(status.state).toBe("running");
      expect(
        status.plugins.find((p: { name: string; status: string }) => p.name === "@elizaos/plugin-telegram")?.status,
      ).toBe("loaded");
      const { conversation } = await milady.json("/api/conversations", postJson({ title: "still" }));
      const chat = await milady.json(
        `/api/conversations/${conversation.id}/messages`,
        postJson({ text: "are you there" }),
      );
      expect(chat.reply.text).toBe("Echo: are you there");
      // The plugin's own retry loop never ran: the guard stopped it before its service started.
      expect(double.calls.filter((c) => c === "getUpdates")).toEqual([]);
      expect(milady.stderr()).not.toContain(BAD_TOKEN);
    },
    INSTALL_TIMEOUT_MS + 120_000,
  );

  test("Test Connection: the saved token is rejected, a good one is ok with the bot's name", async () => {
    const saved = await milady.json("/api/connectors/telegram/test", postJson({}));
    expect(saved.result).toBe("rejected");
    const good = await milady.json("/api/connectors/telegram/test", postJson({ token: GOOD_TELEGRAM_TOKEN }));
    expect(good).toMatchObject({ result: "ok", botName: `@${DOUBLE_BOT_USERNAME}` });
  });

  test("a good token connects the real plugin (it long-polls the double)", async () => {
    await milady.json("/api/connectors/telegram", put({ token: GOOD_TELEGRAM_TOKEN }));
    expect((await telegram()).status).toBe("restart_required");
    await restartAgent();
    const connected = await until(
      async () => {
        const tg = await telegram();
        return tg.status === "connected" ? tg : undefined;
      },
      40_000,
      "the connector connected",
    );
    expect(connected.botName).toBe(`@${DOUBLE_BOT_USERNAME}`);
    await until(() => double.calls.includes("getUpdates"), 20_000, "telegraf polling");
  }, 120_000);

  test("the CLI: list and test through the running Milady", async () => {
    const list = await cli(["connectors", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`telegram  connected as @${DOUBLE_BOT_USERNAME}`);
    expect(list.stdout).toContain("discord   not_configured");
    const good = await cli(["connectors", "test", "telegram"]);
    expect(good.stdout).toContain(`ok: Connected as @${DOUBLE_BOT_USERNAME}`);
    expect(good.code).toBe(0);
    const bad = await cli(["connectors", "test", "telegram", "--token", "1:nope"]);
    expect(bad.stdout).toContain("rejected: Telegram rejected the token");
    expect(bad.code).toBe(1);
  }, 120_000);

  test("remove: the token leaves the .env and the connector is not configured", async () => {
    const removed = await milady.json("/api/connectors/telegram", { method: "DELETE" });
    expect(removed.connector.status).toBe("not_configured");
    expect(readFileSync(join(milady.stateDir, ".env"), "utf8")).not.toContain("TELEGRAM_BOT_TOKEN=");
    const again = await milady.api("/api/connectors/telegram", { method: "DELETE" });
    expect(again.status).toBe(404);
    const unknown = await milady.api("/api/connectors/irc/test", postJson({ token: "x" }));
    expect(unknown.status).toBe(404);
  });
});
