import type { ConnectorId } from "../config/extensions-schema";

/**
 * Checks a connector token against the service's own API: Telegram `getMe`, Discord
 * `GET /users/@me` with `Bot <token>`. Used by main (Test Connection) and by the agent before
 * it lets a connector plugin start (a plugin that cannot connect retries and throws where
 * nobody catches). Environment-neutral: only the global fetch and timers.
 */
export const CONNECTOR_API_BASES: Record<ConnectorId, string> = {
  telegram: "https://api.telegram.org",
  discord: "https://discord.com/api/v10",
};

/** Test-only overrides (a named test double server), read by main and handed to the agent. */
export const CONNECTOR_API_BASE_ENV: Record<ConnectorId, string> = {
  telegram: "MILADY_TELEGRAM_API_BASE",
  discord: "MILADY_DISCORD_API_BASE",
};

export const CONNECTOR_CHECK_TIMEOUT_MS = 8000;

export interface TokenCheck {
  result: "ok" | "rejected" | "unreachable";
  message: string;
  botName?: string;
}

interface CheckOptions {
  apiBase?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The cause of a failed fetch in words ("getaddrinfo ENOTFOUND ...", "connection refused"), without the token. */
function networkReason(err: unknown, token: string): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string }; code?: string };
  const parts = [e?.message, e?.cause?.code ?? e?.code, e?.cause?.message].filter(
    (p): p is string => typeof p === "string" && p.length > 0,
  );
  const text = [...new Set(parts)].join(": ") || String(err);
  return text.split(token).join("***");
}

export async function checkConnectorToken(
  id: ConnectorId,
  token: string,
  opts: CheckOptions = {},
): Promise<TokenCheck> {
  const base = (opts.apiBase || CONNECTOR_API_BASES[id]).replace(/\/+$/, "");
  const timeoutMs = opts.timeoutMs ?? CONNECTOR_CHECK_TIMEOUT_MS;
  const doFetch = opts.fetch ?? fetch;
  const url = id === "telegram" ? `${base}/bot${token}/getMe` : `${base}/users/@me`;
  const headers: Record<string, string> = id === "discord" ? { Authorization: `Bot ${token}` } : {};
  const label = id === "telegram" ? "Telegram" : "Discord";
  let res: Response;
  try {
    res = await doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const timedOut = (err as { name?: string })?.name === "TimeoutError";
    return {
      result: "unreachable",
      message: timedOut
        ? `${hostOf(base)} did not answer within ${Math.round(timeoutMs / 1000)} s`
        : `${hostOf(base)} is unreachable (${networkReason(err, token)})`,
    };
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    const said =
      (typeof body?.description === "string" && body.description) ||
      (typeof body?.message === "string" && body.message) ||
      res.statusText;
    return {
      result: "rejected",
      message: `${label} rejected the token (${res.status}${said ? ` ${said}` : ""}); copy it again from ${
        id === "telegram" ? "@BotFather" : "the Developer Portal (your application, then Bot, then Reset Token)"
      }`,
    };
  }
  if (!res.ok || !body) {
    return { result: "unreachable", message: `${hostOf(base)} answered ${res.status} ${res.statusText}`.trim() };
  }
  if (id === "telegram") {
    const bot = (body.result ?? {}) as { username?: string; first_name?: string };
    if (body.ok !== true) return { result: "rejected", message: `Telegram refused getMe: ${String(body.description)}` };
    const botName = bot.username ? `@${bot.username}` : (bot.first_name ?? "the bot");
    return { result: "ok", message: `Connected as ${botName}`, botName };
  }
  const user = body as { username?: string; discriminator?: string };
  const botName = user.username ?? "the bot";
  return { result: "ok", message: `Connected as ${botName}`, botName };
}
