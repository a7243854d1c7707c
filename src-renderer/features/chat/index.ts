export { ChatView } from "./chat-view";
export { Composer } from "./composer";
export { ConversationList } from "./conversation-list";
export { chatFeature } from "./feature";
export { MessageList } from "./message-list";
