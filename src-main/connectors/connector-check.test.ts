import { afterAll, describe, expect, test } from "bun:test";
import { checkConnectorToken } from "../../src-shared/protocol/connector-check";
import {
  DOUBLE_BOT_USERNAME,
  GOOD_DISCORD_TOKEN,
  GOOD_TELEGRAM_TOKEN,
  startConnectorApiDouble,
} from "../../test/support/connector-api-double";

// Test Connection against a named test double of the services' APIs, and against the real
// hosts, which this machine cannot reach (no internet besides the npm registry).
const double = startConnectorApiDouble();
afterAll(() => double.stop());

describe("connector token check", () => {
  test("Telegram: ok with the bot's name, rejected with a fix, never echoing the token", async () => {
    const ok = await checkConnectorToken("telegram", GOOD_TELEGRAM_TOKEN, { apiBase: double.url });
    expect(ok).toEqual({
      result: "ok",
      message: `Connected as @${DOUBLE_BOT_USERNAME}`,
      botName: `@${DOUBLE_BOT_USERNAME}`,
    });
    const bad = await checkConnectorToken("telegram", "1:wrong", { apiBase: double.url });
    expect(bad.result).toBe("rejected");
    expect(bad.message).toContain("401");
    expect(bad.message).toContain("@BotFather");
    expect(bad.message).not.toContain("1:wrong");
  });

  test("Discord: Bot <token> on /users/@me", async () => {
    const ok = await checkConnectorToken("discord", GOOD_DISCORD_TOKEN, { apiBase: double.url });
    expect(ok.result).toBe("ok");
    expect(ok.botName).toBe("milady-double");
    const bad = await checkConnectorToken("discord", "nope", { apiBase: double.url });
    expect(bad.result).toBe("rejected");
    expect(bad.message).toContain("Developer Portal");
  });

  test("the real hosts are unreachable here: said so, with the host and why", async () => {
    const tg = await checkConnectorToken("telegram", "123:secret-token", { timeoutMs: 5000 });
    expect(tg.result).toBe("unreachable");
    expect(tg.message).toContain("api.telegram.org");
    expect(tg.message).not.toContain("secret-token");
    const dc = await checkConnectorToken("discord", "abc", { timeoutMs: 5000 });
    expect(dc.result).toBe("unreachable");
    expect(dc.message).toContain("discord.com");
  });

  test("a server that never answers is unreachable after the timeout", async () => {
    const silent = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Promise<Response>(() => {}) });
    try {
      const r = await checkConnectorToken("telegram", "1:x", {
        apiBase: `http://127.0.0.1:${silent.port}`,
        timeoutMs: 300,
      });
      expect(r.result).toBe("unreachable");
      expect(r.message).toContain("did not answer within");
    } finally {
      silent.stop(true);
    }
  });
});
