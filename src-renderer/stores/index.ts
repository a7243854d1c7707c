export { getApi, getToken, saveToken, setApi } from "./api-holder";
export { type AvatarSignal, emitAvatar, onAvatar } from "./avatar-bus";
export {
  deleteConversation,
  deliver,
  flushQueue,
  loadConversations,
  newConversation,
  onReplyDone,
  openConversation,
  renameConversation,
  retry,
  sendMessage,
  startDraftConversation,
  startQueueFlusher,
} from "./chat-actions";
export {
  applyChat,
  type ChatState,
  chatReducers,
  type InlineError,
  initialChatState,
  type QueuedSend,
  type UiMessage,
  useChatStore,
} from "./chat-store";
export { loadConfig, patchConfig } from "./config-actions";
export {
  applyModelProgress,
  useAvatarStore,
  useCharacterStore,
  useConfigStore,
  useKnowledgeStore,
  useModelsStore,
  usePluginsStore,
} from "./data-stores";
export { applyDashboardLink, installDeepLinkReader, readDeepLink } from "./deep-links";
export { type DesktopBridge, desktopBridge, inDesktopApp } from "./desktop-bridge";
export { appendLogs, filterLogs, type LevelFilter, type LogsState, MAX_LOG_LINES, useLogsStore } from "./logs-store";
export {
  closeSession,
  handleServerEvent,
  initSession,
  reconnectSession,
  refreshStatus,
  type ServerEventHandlers,
  type SessionOptions,
} from "./session";
export { agentReady, applySnapshot, applyStatusEvent, type StatusState, useStatusStore } from "./status-store";
export {
  dismissRestartPrompt,
  dismissToast,
  prefillComposer,
  setAvatarStrip,
  setTab,
  setTheme,
  setTokenPrompt,
  showSettingsSection,
  type Tab,
  type ThemePref,
  type Toast,
  toast,
  type UiState,
  useUiStore,
} from "./ui-store";
export {
  applyUpdateStatus,
  checkForUpdates,
  downloadUpdate,
  loadUpdates,
  restartToUpdate,
  saveUpdateSettings,
  type UpdateAction,
  useUpdatesStore,
} from "./updates-store";
