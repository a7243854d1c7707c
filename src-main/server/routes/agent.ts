import { agentContract } from "../../../src-shared/contracts";
import { AGENT_ACTIONS, type AgentAction } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import type { EventBus } from "../event-bus";

/** The status snapshot plus where /ws stands, so a client can follow events from here. */
export function statusBody(agent: AgentController, events: EventBus) {
  return { ...agent.status(), runId: events.runId, seq: events.seq };
}

export function agentRoutes(deps: { agent: AgentController; events: EventBus } & ContractRouteOptions) {
  const { agent, events } = deps;
  const action =
    (name: AgentAction) =>
    async ({ keepOpen }: { keepOpen(): void }) => {
      // A start can take seconds (fresh DB migrations ~5 s); do not let the idle timer cut it.
      keepOpen();
      await agent[name]();
      return statusBody(agent, events);
    };
  const impl = Object.fromEntries(AGENT_ACTIONS.map((name) => [name, action(name)])) as Record<
    AgentAction,
    ReturnType<typeof action>
  >;
  return implementRoutes(agentContract, impl, deps);
}

/** Every state change goes to /ws as a sequenced `status` event. */
export function bridgeStatusEvents({ agent, events }: { agent: AgentController; events: EventBus }) {
  return agent.onStatus((snapshot) =>
    events.publish("status", snapshot, snapshot.agentId ? { agentId: snapshot.agentId } : {}),
  );
}
