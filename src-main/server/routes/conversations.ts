import { newId } from "../../../src-shared/ids";
import {
  type ChatMessage,
  createConversationRequestSchema,
  MiladyError,
  type SendMessageResponse,
  sendMessageRequestSchema,
} from "../../../src-shared/protocol";
import { readJson } from "../body";
import { asWireError, json } from "../respond";
import type { RouteDef } from "../router";
import { createSse, wantsEventStream } from "../sse";
import type { RouteContext } from "../types";
import { maxBody } from "./limits";

const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

function pageParams(url: URL): { limit: number; before?: number } {
  const rawLimit = url.searchParams.get("limit");
  const rawBefore = url.searchParams.get("before");
  let limit = DEFAULT_PAGE;
  if (rawLimit !== null) {
    const n = Number(rawLimit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
      throw new MiladyError("validation_failed", `limit: must be a whole number from 1 to ${MAX_PAGE}`);
    }
    limit = n;
  }
  if (rawBefore === null) return { limit };
  const before = Number(rawBefore);
  if (!Number.isFinite(before))
    throw new MiladyError("validation_failed", "before: must be a timestamp in epoch milliseconds");
  return { limit, before };
}

async function sendMessage(ctx: RouteContext): Promise<Response> {
  const body = await readJson(ctx.request, sendMessageRequestSchema, maxBody(ctx));
  const conversationId = ctx.params.id!;
  // A turn may take minutes on a slow local model; the agent's own reply timeout bounds it.
  ctx.keepOpen();
  if (!wantsEventStream(ctx.request)) {
    const started = performance.now();
    const result: SendMessageResponse = await ctx.options.agent.request({
      type: "chat",
      conversationId,
      text: body.text,
      clientMessageId: body.clientMessageId,
    });
    logReply(ctx, started, result.reply.text.length);
    return json(result);
  }
  return streamMessage(ctx, conversationId, body.text, body.clientMessageId ?? newId());
}

/** One line per answered turn, without the text: logs must not leak conversations (failures are logged by the agent). */
function logReply(ctx: RouteContext, started: number, chars: number): void {
  ctx.log.info(`chat reply in ${Math.round(performance.now() - started)} ms (${chars} chars)`);
}

/**
 * `user_message` once, `token`..., then `done` or `error`. The user message is sent
 * as soon as the agent reports it stored (conversation_update), or, failing that,
 * a provisional copy right before the first token, so the order always holds.
 * A client that disconnects does not cancel the turn: the agent finishes and persists it.
 */
function streamMessage(ctx: RouteContext, conversationId: string, text: string, clientMessageId: string): Response {
  const sse = createSse();
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
  const stopWatching = ctx.options.agent.on("conversation_update", ({ message }) => {
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

  ctx.options.agent
    .request(
      { type: "chat", conversationId, text, clientMessageId },
      {
        onToken: (delta) => {
          sendUser(provisional());
          sse.send({ type: "token", delta });
        },
      },
    )
    .then(
      (result) => {
        sendUser(result.userMessage);
        sse.send({ type: "done", reply: result.reply });
        logReply(ctx, started, result.reply.text.length);
      },
      (error: unknown) => {
        const wire = asWireError(error);
        if (!wire) ctx.log.error(`chat turn failed: ${error instanceof Error ? error.message : String(error)}`);
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

export const conversationRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/api/conversations",
    handler: async (ctx) => json(await ctx.options.agent.request({ type: "list_conversations" })),
  },
  {
    method: "POST",
    path: "/api/conversations",
    handler: async (ctx) => {
      const body = await readJson(ctx.request, createConversationRequestSchema, maxBody(ctx));
      const result = await ctx.options.agent.request({ type: "create_conversation", title: body.title });
      return json(result, 201);
    },
  },
  {
    method: "GET",
    path: "/api/conversations/:id/messages",
    handler: async (ctx) => {
      const page = pageParams(ctx.url);
      const result = await ctx.options.agent.request({
        type: "list_messages",
        conversationId: ctx.params.id!,
        limit: page.limit,
        ...(page.before !== undefined ? { before: page.before } : {}),
      });
      return json(result);
    },
  },
  { method: "POST", path: "/api/conversations/:id/messages", handler: sendMessage },
];
