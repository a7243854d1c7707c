export { getApi, getToken, savedToken, saveToken, setApi, setDeviceToken } from "./api-holder";
export {
  applyAutonomyStatus,
  loadAutonomy,
  saveAutonomy,
  useAutonomyStore,
  wakeAutonomyNow,
} from "./autonomy-store";
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
  type AppEnv,
  type ConnectionState,
  connectionEnv,
  inNativeShell,
  isLoopbackHost,
  isOwnerPage,
  offlineDelay,
  openPairedDashboard,
  reconnect,
  resetConnection,
  retryNow,
  type Screen,
  showConnect,
  startApp,
  unpair,
  useConnectionStore,
} from "./connection";
export {
  applyModelProgress,
  applyTriggerRun,
  useAvatarStore,
  useCharacterStore,
  useConfigStore,
  useKnowledgeStore,
  useModelsStore,
  usePluginsStore,
  useTriggersStore,
} from "./data-stores";
export { applyDashboardLink, installDeepLinkReader, readDeepLink } from "./deep-links";
export { type DesktopBridge, desktopBridge, inDesktopApp } from "./desktop-bridge";
export {
  applyLanStatus,
  applyPairRequest,
  closePairing,
  decidePairRequest,
  type LanState,
  loadDevices,
  loadLanStatus,
  loadPairRequests,
  resetLanStore,
  revokeDevice,
  setLanEnabled,
  startPairing,
  useLanStore,
} from "./lan-store";
export { appendLogs, filterLogs, type LevelFilter, type LogsState, MAX_LOG_LINES, useLogsStore } from "./logs-store";
export {
  type Attempt,
  addressToUrl,
  defaultDeviceName,
  findAgent,
  forgetPairing,
  groupCode,
  normaliseCode,
  PAIRING_KEY,
  PairingError,
  type PairStep,
  pairPhone,
  parsePairPayload,
  readPairing,
  type StoredPairing,
  savePairing,
  storedPairingSchema,
} from "./phone-pairing";
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
