import type { AutonomyConfig } from "../../../src-shared/config";
import { autonomyContract, workspaceContract } from "../../../src-shared/contracts";
import type { AgentController } from "../../agent-host/types";
import type { ConfigStore } from "../../config/types";
import type { Logger } from "../../logging";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import type { EventBus } from "../event-bus";

interface AutonomyDeps {
  agent: AgentController;
  config: ConfigStore;
}

/**
 * The autonomy loop runs in the agent; its config is milady.json's `autonomy`. PUT saves it
 * (atomically, through the config store) and the bridge pushes every change to the running agent.
 */
export function autonomyRoutes(deps: AutonomyDeps & ContractRouteOptions) {
  const { agent, config } = deps;
  return implementRoutes(
    autonomyContract,
    {
      status: () => agent.call(autonomyContract, "status", {}, { waitForReady: false }),
      update: async ({ body }) => {
        await config.patch({ config: { autonomy: body } });
        return agent.call(autonomyContract, "configure", config.current().autonomy, { waitForReady: false });
      },
      wake: (req) => {
        req.keepOpen(); // a wake is a whole model turn
        return agent.call(autonomyContract, "wake", {});
      },
    },
    deps,
  );
}

export function workspaceRoutes(deps: { agent: AgentController } & ContractRouteOptions) {
  return implementRoutes(
    workspaceContract,
    { info: () => deps.agent.call(workspaceContract, "info", {}, { waitForReady: false }) },
    deps,
  );
}

/** heartbeat_event to /ws; a config change made elsewhere (the CLI, PUT /api/config) reaches the running agent. */
export function bridgeAutonomyEvents({
  agent,
  events,
  config,
  log,
}: {
  agent: AgentController;
  events: EventBus;
  config: ConfigStore;
  log?: Logger;
}) {
  let last = JSON.stringify(config.current().autonomy);
  const offConfig = config.onChange((current) => {
    const next = JSON.stringify(current.autonomy);
    if (next === last) return;
    last = next;
    const state = agent.status().state;
    if (state !== "running" && state !== "paused") return; // the next start reads it from the boot config
    agent
      .call(autonomyContract, "configure", current.autonomy as AutonomyConfig, { waitForReady: false })
      .catch((error) => log?.warn(`could not apply the autonomy config: ${(error as Error).message}`));
  });
  const offEvents = agent.onEvent(autonomyContract, "heartbeat_event", (status) =>
    events.publish("heartbeat_event", status),
  );
  return () => {
    offConfig();
    offEvents();
  };
}
