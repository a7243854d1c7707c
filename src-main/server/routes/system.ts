import { systemContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import type { EventBus } from "../event-bus";
import { statusBody } from "./agent";

interface SystemDeps {
  agent: AgentController;
  events: EventBus;
  version: string;
  startedAt: number;
  /** Asks the app to restart the whole process; 404 when absent (tests, embedded use). */
  requestRestart?: () => unknown;
}

export function systemRoutes(deps: SystemDeps & ContractRouteOptions) {
  return implementRoutes(
    systemContract,
    {
      // Never touches the agent: answers in microseconds even while the agent boots.
      health: async ({ authorized }) =>
        authorized
          ? {
              ok: true as const,
              version: deps.version,
              uptimeMs: Date.now() - deps.startedAt,
              runId: deps.events.runId,
            }
          : { ok: true as const },
      status: async () => statusBody(deps.agent, deps.events),
      restart: async () => {
        const restart = deps.requestRestart;
        if (!restart) throw new MiladyError("not_found", "this Milady cannot restart itself; restart it by hand");
        // Answer first, then restart: the client sees 202 and reconnects when the server is back.
        setTimeout(() => void Promise.resolve(restart()).catch(() => undefined), 50);
        return { restarting: true as const };
      },
    },
    deps,
  );
}
