import { AGENT_ACTIONS, type AgentAction } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import { json } from "../respond";
import type { RouteDef } from "../router";
import { statusBody } from "./health";

function run(agent: AgentController, action: AgentAction): Promise<void> {
  switch (action) {
    case "start":
      return agent.start();
    case "stop":
      return agent.stop();
    case "restart":
      return agent.restart();
    case "pause":
      return agent.pause();
    case "resume":
      return agent.resume();
  }
}

export const agentRoutes: RouteDef[] = AGENT_ACTIONS.map((action) => ({
  method: "POST" as const,
  path: `/api/agent/${action}`,
  handler: async (ctx) => {
    // A start can take seconds (fresh DB migrations ~5 s); do not let the idle timer cut it.
    ctx.keepOpen();
    await run(ctx.options.agent, action);
    return json(statusBody(ctx));
  },
}));
