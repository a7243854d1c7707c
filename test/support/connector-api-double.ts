/**
 * A NAMED TEST DOUBLE of the Telegram Bot API and Discord's REST API (neither is reachable
 * here): enough for a token check and for @elizaos/plugin-telegram to launch and long-poll.
 * Tokens: GOOD_TELEGRAM_TOKEN / GOOD_DISCORD_TOKEN are accepted, anything else is 401.
 */
export const GOOD_TELEGRAM_TOKEN = "424242:milady-test-double-good";
export const GOOD_DISCORD_TOKEN = "discord-test-double-good";
export const DOUBLE_BOT_USERNAME = "milady_double_bot";

export interface ConnectorApiDouble {
  url: string;
  /** Telegram methods called so far ("getMe", "getUpdates", ...). */
  calls: string[];
  stop(): void;
}

export function startConnectorApiDouble(): ConnectorApiDouble {
  const calls: string[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      const tg = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
      if (tg) {
        const [, token, method] = tg;
        calls.push(method);
        if (token !== GOOD_TELEGRAM_TOKEN) {
          return Response.json({ ok: false, error_code: 401, description: "Unauthorized" }, { status: 401 });
        }
        if (method === "getMe") {
          return Response.json({
            ok: true,
            result: { id: 424242, is_bot: true, first_name: "Milady Double", username: DOUBLE_BOT_USERNAME },
          });
        }
        if (method === "getUpdates") {
          // A short long-poll with nothing new, as the real API does when nobody writes.
          await Bun.sleep(300);
          return Response.json({ ok: true, result: [] });
        }
        return Response.json({ ok: true, result: true });
      }
      if (url.pathname === "/users/@me") {
        if (req.headers.get("authorization") !== `Bot ${GOOD_DISCORD_TOKEN}`) {
          return Response.json({ message: "401: Unauthorized", code: 0 }, { status: 401 });
        }
        return Response.json({ id: "99", username: "milady-double", bot: true });
      }
      return new Response("not found", { status: 404 });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, calls, stop: () => server.stop(true) };
}
