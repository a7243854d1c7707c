import { z } from "zod";
import { storableText } from "./storable-text";

export const conversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  lastMessage: z.string().optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const chatMessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  role: z.enum(["user", "agent"]),
  text: z.string(),
  createdAt: z.number(),
  /** Actions the agent took with this reply (e.g. PLAY_EMOTE). */
  actions: z.array(z.string()).optional(),
  /** Echo of the client's id so an optimistic bubble can be matched. */
  clientMessageId: z.string().optional(),
  /** A user message that never got a reply (the agent stopped or crashed while answering): offer a retry. */
  interrupted: z.boolean().optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const MAX_MESSAGE_CHARS = 8000;

export const CONVERSATION_TITLE_MAX_CHARS = 200;

export const createConversationRequestSchema = z.object({
  title: storableText(z.string().trim().max(CONVERSATION_TITLE_MAX_CHARS)).optional(),
});

export const renameConversationRequestSchema = z.object({
  title: storableText(z.string().trim().min(1, "the title is empty").max(CONVERSATION_TITLE_MAX_CHARS)),
});

export const sendMessageRequestSchema = z.object({
  text: storableText(z.string().trim().min(1, "message text is empty").max(MAX_MESSAGE_CHARS)),
  clientMessageId: z.string().max(100).optional(),
});
export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>;

/**
 * Who a message to the agent came from, set by main (never by the client): the owner at the
 * desktop (loopback or the owner token), a paired device (a phone, by its own token), or a trigger.
 */
export const messageSenderSchema = z.object({
  kind: z.enum(["owner", "device", "trigger"]),
  deviceId: z.string().optional(),
});
export type MessageSender = z.infer<typeof messageSenderSchema>;

export const sendMessageResponseSchema = z.object({
  userMessage: chatMessageSchema,
  reply: chatMessageSchema,
});
export type SendMessageResponse = z.infer<typeof sendMessageResponseSchema>;

/**
 * Server-sent events of a streamed reply (`Accept: text/event-stream`):
 * `user_message` once, `token` per delta, then `done` or `error`.
 */
export const chatStreamEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user_message"), message: chatMessageSchema }),
  z.object({ type: z.literal("token"), delta: z.string() }),
  z.object({ type: z.literal("done"), reply: chatMessageSchema }),
  z.object({
    type: z.literal("error"),
    error: z.object({ code: z.string(), message: z.string(), fix: z.string().optional() }),
  }),
]);
export type ChatStreamEvent = z.infer<typeof chatStreamEventSchema>;
