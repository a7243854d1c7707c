import type { LogLevel } from "../../../src-shared/config";
import { LOG_TAIL_MAX, logsContract } from "../../../src-shared/contracts";
import type { LogLine } from "../../../src-shared/protocol";
import type { LogHub } from "../../logging";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import type { EventBus } from "../event-bus";

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export function logRoutes(deps: { logs: LogHub } & ContractRouteOptions) {
  const { logs } = deps;
  return implementRoutes(
    logsContract,
    {
      tail: async ({ query, wantsStream, keepOpen, stream }) => {
        const { limit, level } = query;
        // `level` keeps that level and everything more severe (level=warn -> warn + error).
        const keep = (line: LogLine) => !level || RANK[line.level] <= RANK[level];
        const recent = logs.recent(LOG_TAIL_MAX).filter(keep);
        const lines = limit === 0 ? [] : recent.slice(-limit);
        if (!wantsStream) return { lines };

        keepOpen();
        const sse = stream();
        for (const line of lines) sse.send(line);
        const unsubscribe = logs.subscribe((line) => {
          if (keep(line)) sse.send(line);
        });
        sse.onClose(unsubscribe);
        return sse.response;
      },
    },
    deps,
  );
}

/** Log lines reach /ws clients that asked for them (`?logs=1`), never replayed. */
export function bridgeLogEvents({ logs, events }: { logs: LogHub; events: EventBus }) {
  return logs.subscribe((line) => events.broadcastEphemeral("log", line));
}
