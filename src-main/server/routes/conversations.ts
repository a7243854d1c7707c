import { agentContract, conversationsContract } from "../../../src-shared/contracts";
import { newId } from "../../../src-shared/ids";
import { type ChatMessage, type MessageSender, MiladyError } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import type { Logger } from "../../logging";
import { type ContractRouteOptions, implementRoutes, type RouteRequest } from "../contract-routes";
import type { Drain } from "../drain";
import type { EventBus } from "../event-bus";
import type { Caller } from "../gate";
import { asWireError } from "../respond";

type SendRoute = typeof conversationsContract.routes.send;

/** What the agent's adminTrust provider needs: the owner at the desktop, or which paired device. */
function senderOf(caller: Caller): MessageSender {
  return caller.kind === "device" ? { kind: "device", deviceId: caller.deviceId } : { kind: "owner" };
}

interface ConversationDeps {
  agent: AgentController;
  log: Logger;
  drain: Drain;
}

/** One line per answered turn, without the text: logs must not leak conversations (failures are logged by the agent). */
function logReply(log: Logger, started: number, chars: number): void {
  log.info(`chat reply in ${Math.round(performance.now() - started)} ms (${chars} chars)`);
}

/**
 * `user_message` once, `token`..., then `done` or `error`. The user message is sent
 * as soon as the agent reports it stored (conversation_update), or, failing that,
 * a provisional copy right before the first token, so the order always holds.
 * A client that disconnects does not cancel the turn: the agent finishes and persists it.
 */
function streamMessage(deps: ConversationDeps, req: RouteRequest<SendRoute>, clientMessageId: string): Response {
  const { agent, log, drain } = deps;
  const conversationId = req.params.id;
  const { text } = req.body;
  const sse = req.stream();
  let userSent = false;
  const sendUser = (message: ChatMessage) => {
    if (userSent) return;
    userSent = true;
    sse.send({ type: "user_message", message });
  };
  const provisional = (): ChatMessage => ({
    id: clientMessageId,
    conversationId,
    role: "user",
    text,
    createdAt: Date.now(),
    clientMessageId,
  });
  const stopWatching = agent.onEvent(conversationsContract, "conversation_update", ({ message }) => {
    if (
      message?.role === "user" &&
      message.conversationId === conversationId &&
      message.clientMessageId === clientMessageId
    ) {
      sendUser(message);
    }
  });
  sse.onClose(stopWatching);
  const started = performance.now();

  drain
    .run(
      agent.call(
        conversationsContract,
        "send",
        { conversationId, text, clientMessageId, sender: senderOf(req.caller) },
        {
          onToken: (delta) => {
            sendUser(provisional());
            sse.send({ type: "token", delta });
          },
        },
      ),
    )
    .then(
      (result) => {
        sendUser(result.userMessage);
        sse.send({ type: "done", reply: result.reply });
        logReply(log, started, result.reply.text.length);
      },
      (error: unknown) => {
        const wire = asWireError(error);
        if (!wire) log.error(`chat turn failed: ${error instanceof Error ? error.message : String(error)}`);
        sendUser(provisional());
        sse.send({
          type: "error",
          error: wire ?? { code: "internal", message: "the reply failed; see the Milady log for details" },
        });
      },
    )
    .finally(() => {
      stopWatching();
      sse.close();
    });
  return sse.response;
}

export function conversationRoutes(deps: ConversationDeps & ContractRouteOptions) {
  const { agent, log } = deps;
  return implementRoutes(
    conversationsContract,
    {
      list: () => agent.call(conversationsContract, "list", {}),
      create: ({ body }) => agent.call(conversationsContract, "create", { title: body.title }),
      rename: ({ params, body }) =>
        agent.call(conversationsContract, "rename", { conversationId: params.id, title: body.title }),
      remove: async ({ params }) => {
        const result = await agent.call(conversationsContract, "remove", { conversationId: params.id });
        if (!result.deleted) throw new MiladyError("not_found", `no conversation with id ${params.id}`);
        return result;
      },
      messages: ({ params, query }) =>
        agent.call(conversationsContract, "messages", { conversationId: params.id, ...query }),
      send: async (req) => {
        // A turn may take minutes on a slow local model; the agent's own reply timeout bounds it.
        req.keepOpen();
        if (req.wantsStream) return streamMessage(deps, req, req.body.clientMessageId ?? newId());
        const started = performance.now();
        const result = await deps.drain.run(
          agent.call(conversationsContract, "send", {
            conversationId: req.params.id,
            text: req.body.text,
            clientMessageId: req.body.clientMessageId,
            sender: senderOf(req.caller),
          }),
        );
        logReply(log, started, result.reply.text.length);
        return result;
      },
    },
    deps,
  );
}

/**
 * Conversation and agent events to /ws: updates, deletions and emotes are sequenced (replayable);
 * token deltas are ephemeral, since a reconnecting client gets the whole reply from conversation_update.
 */
export function bridgeConversationEvents({ agent, events }: { agent: AgentController; events: EventBus }) {
  const off = [
    agent.onEvent(conversationsContract, "conversation_update", (update) =>
      events.publish("conversation_update", update, { roomId: update.conversation.id }),
    ),
    agent.onEvent(conversationsContract, "conversation_deleted", (payload) =>
      events.publish("conversation_deleted", payload, { roomId: payload.conversationId }),
    ),
    agent.onEvent(conversationsContract, "token", ({ requestId, delta }) =>
      events.broadcastEphemeral("agent_event", { kind: "token", requestId, delta }, { stream: "token" }),
    ),
    agent.onEvent(agentContract, "agent_event", ({ roomId, payload }) =>
      events.publish("agent_event", payload, roomId ? { roomId } : {}),
    ),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
