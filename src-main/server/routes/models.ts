import { modelsContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import type { ModelDownloads } from "../../models";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import type { EventBus } from "../event-bus";

function downloadsOf(downloads: ModelDownloads | undefined): ModelDownloads {
  if (!downloads) {
    throw new MiladyError(
      "not_found",
      "model management is not available in this mode",
      "use `milady models` on the command line",
    );
  }
  return downloads;
}

export function modelRoutes(deps: { downloads?: ModelDownloads } & ContractRouteOptions) {
  return implementRoutes(
    modelsContract,
    {
      list: async () => {
        const downloads = downloadsOf(deps.downloads);
        return { models: await downloads.list(), downloading: downloads.active() };
      },
      download: async ({ body }) => ({ accepted: true as const, ...downloadsOf(deps.downloads).start(body.uri) }),
    },
    deps,
  );
}

/** Progress of a download the agent itself runs reaches /ws like main's own downloads. */
export function bridgeModelEvents({ agent, events }: { agent: AgentController; events: EventBus }) {
  return agent.onEvent(modelsContract, "model_progress", (payload) => events.publish("model_progress", payload));
}
