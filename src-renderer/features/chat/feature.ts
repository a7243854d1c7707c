import { applyChat, chatReducers, emitAvatar } from "../../stores";
import { defineFeature } from "../feature";
import { ChatView } from "./chat-view";

export const chatFeature = defineFeature({
  id: "chat",
  label: "Chat",
  icon: "M4 5h16v11H8l-4 4z",
  View: ChatView,
  layout: "fill",
  phoneBar: true,
  events: {
    conversation_update: (ev) => applyChat(chatReducers.applyUpdate, ev.payload.conversation, ev.payload.message),
    conversation_deleted: (ev) => applyChat(chatReducers.removeConversation, ev.payload.conversationId),
    agent_event: (ev) => {
      if (ev.payload.kind === "emote") emitAvatar({ kind: "emote", emote: ev.payload.emote });
    },
  },
});
