import { z } from "zod";
import {
  chatMessageSchema,
  chatStreamEventSchema,
  conversationSchema,
  createConversationRequestSchema,
  MAX_MESSAGE_CHARS,
  messageSenderSchema,
  renameConversationRequestSchema,
  sendMessageRequestSchema,
  sendMessageResponseSchema,
} from "../protocol/conversations";
import { tokenUsageSchema } from "../protocol/openai";
import { capability, method, route, wholeNumberParam } from "./define";

export const MESSAGE_PAGE_DEFAULT = 50;
export const MESSAGE_PAGE_MAX = 500;

const conversations = z.object({ conversations: z.array(conversationSchema) });
const conversation = z.object({ conversation: conversationSchema });
const messages = z.object({ messages: z.array(chatMessageSchema) });
const deleted = z.object({ deleted: z.boolean() });

const pageQuery = z.object({
  limit: wholeNumberParam(1, MESSAGE_PAGE_MAX, MESSAGE_PAGE_DEFAULT),
  // A date the database can hold: epoch milliseconds from 0 to the year 275760 (JavaScript's own limit).
  before: z.coerce
    .number({ error: "must be a timestamp in epoch milliseconds" })
    .min(0, { error: "must be a timestamp in epoch milliseconds (0 or more)" })
    .max(8.64e15, { error: "must be a timestamp in epoch milliseconds (a real date)" })
    .optional(),
});

/** Conversations are elizaOS rooms; a message turn is persisted on both sides and may stream. */
export const conversationsContract = capability({
  name: "conversations",
  channel: {
    list: method(z.object({}), conversations),
    create: method(z.object({ title: z.string().optional() }), conversation),
    rename: method(
      z.object({ conversationId: z.string(), title: renameConversationRequestSchema.shape.title }),
      conversation,
    ),
    /** Removes the room and its messages; `deleted: false` when there was no such conversation. */
    remove: method(z.object({ conversationId: z.string() }), deleted),
    messages: method(
      z.object({
        conversationId: z.string(),
        limit: z.number().int().min(1).max(MESSAGE_PAGE_MAX),
        before: z.number().optional(),
      }),
      messages,
    ),
    send: method(
      z.object({
        conversationId: z.string(),
        text: z.string().max(MAX_MESSAGE_CHARS),
        clientMessageId: z.string().optional(),
        userName: z.string().optional(),
        /** Who sent it, as main's gate decided (the adminTrust and channelProfile providers read it). */
        sender: messageSenderSchema.optional(),
        /** Count the turn's model tokens (the OpenAI API's `usage`); off for dashboard chats. */
        withUsage: z.boolean().optional(),
      }),
      sendMessageResponseSchema.extend({ usage: tokenUsageSchema.optional() }),
    ),
    /**
     * The conversation kept for an outside client's key (the OpenAI API's `user`), created with
     * `title` the first time; the same key finds it again, across restarts. Without lastMessage.
     */
    openFor: method(z.object({ key: z.string().min(1).max(200), title: z.string().min(1).max(200) }), conversation),
  },
  events: {
    conversation_update: z.object({ conversation: conversationSchema, message: chatMessageSchema.optional() }),
    /** The conversation and its messages are gone; clients drop it (and ignore late updates for it). */
    conversation_deleted: z.object({ conversationId: z.string() }),
    /** A streamed piece of the reply to request `requestId`. */
    token: z.object({ requestId: z.string(), delta: z.string() }),
  },
  routes: {
    list: route({
      method: "GET",
      path: "/api/conversations",
      response: conversations,
      errors: ["agent_not_running", "agent_starting"],
      summary: "conversations, newest activity first",
    }),
    create: route({
      method: "POST",
      path: "/api/conversations",
      access: "device",
      body: createConversationRequestSchema,
      response: conversation,
      status: 201,
      errors: ["validation_failed", "agent_not_running"],
      summary: "start a conversation",
    }),
    rename: route({
      method: "PATCH",
      path: "/api/conversations/:id",
      access: "device",
      body: renameConversationRequestSchema,
      response: conversation,
      errors: ["validation_failed", "not_found", "agent_not_running"],
      summary: "rename a conversation",
    }),
    remove: route({
      method: "DELETE",
      path: "/api/conversations/:id",
      access: "device",
      response: deleted,
      errors: ["not_found", "agent_not_running"],
      summary: "delete a conversation and all its messages",
    }),
    messages: route({
      method: "GET",
      path: "/api/conversations/:id/messages",
      query: pageQuery,
      response: messages,
      errors: ["validation_failed", "not_found", "agent_not_running"],
      summary: "history, oldest first; `before` pages back",
    }),
    send: route({
      method: "POST",
      path: "/api/conversations/:id/messages",
      access: "device",
      body: sendMessageRequestSchema,
      response: sendMessageResponseSchema,
      stream: chatStreamEventSchema,
      errors: [
        "validation_failed",
        "not_found",
        "no_model",
        "model_error",
        "agent_paused",
        "agent_not_running",
        "agent_crashed",
        "timeout",
        "rate_limited",
      ],
      summary: "send a message and wait for the reply, or stream it (Accept: text/event-stream)",
    }),
  },
});
