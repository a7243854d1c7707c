import type { LocalModelFile } from "../../src-shared/protocol";
import type { AgentController } from "../agent-host/types";
import type { ConfigStore } from "../config/types";
import type { Logger, LogHub } from "../logging";
import type { EventBus } from "./event-bus";

/** Progress of one model download; the server turns it into `model_progress` events. */
export interface ModelDownloadProgress {
  receivedBytes: number;
  totalBytes?: number;
}

/** Local GGUF files and downloads, provided by src-main/models (absent in tests that do not need it). */
export interface ModelsService {
  list(): Promise<LocalModelFile[]>;
  /** Downloads an `hf:` URI into the models dir; resolves with the file path. */
  download(uri: string, onProgress: (progress: ModelDownloadProgress) => void): Promise<string>;
}

export interface ServerOptions {
  agent: AgentController;
  config: ConfigStore;
  logs: LogHub;
  port: number;
  bind: string;
  /** Required for every /api and /ws request when set. */
  token?: string;
  /** Built dashboard (index.html + assets); a small placeholder page when missing. */
  staticDir?: string;
  version: string;
  models?: ModelsService;
  /** Path of the shipped default VRM (assets/avatars/milady-default.vrm; may not exist yet). */
  defaultAvatarFile: string;
  /** Asks the app to restart the whole process (POST /api/server/restart); 404 when absent. */
  requestRestart?: () => unknown;
  /** Status heartbeat period on /ws; STATUS_HEARTBEAT_MS (5 s) unless a test wants it faster. */
  heartbeatMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  runId: string;
  events: EventBus;
  stop(): Promise<void>;
}

/** Everything a route handler may use. */
export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  options: ServerOptions;
  events: EventBus;
  log: Logger;
  startedAt: number;
  /** Lifts Bun's idle timeout for this request (long chat turns, SSE). */
  keepOpen(): void;
  /** Downloads in flight, by uri (one per uri). */
  downloads: Set<string>;
}

export type RouteHandler = (ctx: RouteContext) => Response | Promise<Response>;
