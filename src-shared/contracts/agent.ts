import { z } from "zod";
import { statusResponseSchema } from "../protocol/api";
import { wireErrorSchema } from "../protocol/errors";
import { agentEventPayloadSchema } from "../protocol/events";
import { capability, method, route } from "./define";

const ok = z.object({ ok: z.literal(true) });

const action = (name: string, summary: string, errors: readonly ("conflict" | "timeout" | "agent_paused")[] = []) =>
  route({
    method: "POST",
    path: `/api/agent/${name}` as `/api/agent/${string}`,
    response: statusResponseSchema,
    errors: [...errors],
    summary,
  });

/**
 * The agent's lifecycle. Main owns the state (AgentManager); the channel carries what the
 * agent itself must do: stop answering while paused, and shut down cleanly (flush, close the DB).
 */
export const agentContract = capability({
  name: "agent",
  channel: {
    pause: method(z.object({}), ok),
    resume: method(z.object({}), ok),
    /** Finishes the answers in flight (bounded), stops the runtime, closes the DB; then the agent exits. */
    shutdown: method(z.object({}), ok),
  },
  events: {
    /** What the agent did that a client may show: emotes, actions, a reply starting or ending. */
    agent_event: z.object({ roomId: z.string().optional(), payload: agentEventPayloadSchema }),
    /** The database failed (degraded, with what to do) or works again (ok). */
    db_status: z.object({ health: z.enum(["ok", "degraded"]), problem: wireErrorSchema.optional() }),
    /** The agent asks main to restart it (the RESTART action); main waits for the answers in flight first. */
    restart_requested: z.object({ reason: z.string().max(500) }),
  },
  routes: {
    start: action("start", "start the agent"),
    stop: action("stop", "stop the agent (the server keeps running)"),
    restart: action("restart", "restart the agent with the current config"),
    pause: action("pause", "stop answering until resumed", ["conflict"]),
    resume: action("resume", "answer again after a pause", ["conflict"]),
  },
});
