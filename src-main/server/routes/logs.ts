import { type LogLevel, logLevelSchema } from "../../../src-shared/config";
import { type LogLine, MiladyError } from "../../../src-shared/protocol";
import { json } from "../respond";
import type { RouteDef } from "../router";
import { createSse } from "../sse";

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 2000;

function parseQuery(url: URL): { limit: number; level?: LogLevel } {
  const rawLimit = url.searchParams.get("limit");
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null) {
    const n = Number(rawLimit);
    if (!Number.isInteger(n) || n < 0 || n > MAX_LIMIT) {
      throw new MiladyError("validation_failed", `limit: must be a whole number from 0 to ${MAX_LIMIT}`);
    }
    limit = n;
  }
  const rawLevel = url.searchParams.get("level");
  if (rawLevel === null) return { limit };
  const level = logLevelSchema.safeParse(rawLevel);
  if (!level.success) throw new MiladyError("validation_failed", "level: must be one of error, warn, info, debug");
  return { limit, level: level.data };
}

export const logRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/api/logs",
    handler: (ctx) => {
      const { limit, level } = parseQuery(ctx.url);
      // `level` keeps that level and everything more severe (level=warn -> warn + error).
      const keep = (line: LogLine) => !level || RANK[line.level] <= RANK[level];
      const recent = ctx.options.logs.recent(MAX_LIMIT).filter(keep);
      const lines = limit === 0 ? [] : recent.slice(-limit);
      if ((ctx.request.headers.get("accept") ?? "").includes("application/json")) return json({ lines });

      ctx.keepOpen();
      const sse = createSse();
      for (const line of lines) sse.send(line);
      const unsubscribe = ctx.options.logs.subscribe((line) => {
        if (keep(line)) sse.send(line);
      });
      sse.onClose(unsubscribe);
      return sse.response;
    },
  },
];
