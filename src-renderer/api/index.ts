export { ApiError, isApiError } from "./api-error";
export { BACKOFF_MAX_MS, BACKOFF_MIN_MS, backoffDelay } from "./backoff";
export { type ApiClient, type ApiClientOptions, createApiClient } from "./client";
export {
  createEventSocket,
  type EventSocket,
  type EventSocketOptions,
  type ResyncReason,
  type SocketState,
} from "./event-socket";
export { readSseData, readSseJson } from "./sse";
