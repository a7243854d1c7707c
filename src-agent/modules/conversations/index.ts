export { type ChatDeps, type ChatRequest, ChatTurns } from "./chat-turn";
export { ConversationStore, LOCAL_USER_ID } from "./conversation-service";
export { MILADY_SOURCE, TITLE_MAX_CHARS, titleFromText, toChatMessage, toConversation } from "./mapping";
export { conversationsModule } from "./module";
