import type { AgentController } from "../agent-host/types";
import type { AgentArchive } from "../archive";
import type { ConfigStore } from "../config/types";
import type { LogHub } from "../logging";
import type { ModelDownloads } from "../models";
import type { NoticeBoard } from "../notices";
import type { PluginManager } from "../plugins/manager";
import type { TriggerService } from "../triggers";
import type { UpdatesService } from "../update";
import type { EventBus } from "./event-bus";
import type { Caller, Gate } from "./gate";
import type { DesktopControl } from "./routes/desktop";
import type { LanControl } from "./routes/lan";
import type { WsData } from "./ws";

export interface ServerOptions {
  agent: AgentController;
  config: ConfigStore;
  logs: LogHub;
  /** The sequenced event stream /ws serves (the app's events service). */
  events: EventBus;
  /** Local models and downloads; /api/models answers 404 without it. */
  downloads?: ModelDownloads;
  /** Notices kept until acknowledged (<state>/notices.json); /api/notices is empty without it. */
  notices?: NoticeBoard;
  /** New versions: the updates service (headless registry or the desktop updater); /api/updates answers 404 without it. */
  updates?: UpdatesService;
  /** The trigger scheduler (<state>/triggers.json); /api/triggers is empty without it. */
  triggers?: TriggerService;
  /** Agent export / import; POST /api/agent/export and /import answer 404 without it. */
  archive?: AgentArchive;
  /** Installs, configures and ejects plugins (the plugins service); the routes make one when absent. */
  plugins?: PluginManager;
  port: number;
  bind: string;
  /** The bind resolves to loopback addresses only (decided on addresses, not names: app/loopback.ts). */
  loopback: boolean;
  /** Required for every /api and /ws request when set. */
  token?: string;
  /** Built dashboard (index.html + assets); a small placeholder page when missing. */
  staticDir?: string;
  version: string;
  /** Path of the shipped default VRM (assets/avatars/milady-default.vrm; may not exist yet). */
  defaultAvatarFile: string;
  /** Asks the app to restart the whole process (POST /api/server/restart); 404 when absent. */
  requestRestart?: () => unknown;
  /** The desktop layer (desktop app only); POST /api/desktop/focus answers 404 without it. */
  desktop?: DesktopControl;
  /** LAN access (src-main/lan); the LAN routes answer 404 without it. */
  lan?: LanControl;
  /** Status heartbeat period on /ws; STATUS_HEARTBEAT_MS (5 s) unless a test wants it faster. */
  heartbeatMs?: number;
  /** How long a stop waits for replies in flight (DRAIN_MS unless a test wants it shorter). */
  drainMs?: number;
  /** A response that breaks its contract answers 500 instead of being logged only (tests turn it on). */
  strictContracts?: boolean;
}

export interface LanTls {
  cert: string;
  key: string;
}

export interface LanListener {
  port: number;
  /** Closes the LAN's sockets and stops listening; the loopback listener goes on. */
  stop(): Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  runId: string;
  events: EventBus;
  /** A second listener for other hosts (HTTPS), the same API behind it; `gate` decides who is calling. */
  listenLan(at: { hostname: string; port: number; tls: LanTls; gate: Gate }): LanListener;
  /** Closes the /ws clients `which` picks; answers how many. */
  closeSockets(which: (data: WsData) => boolean, code: number, reason: string): number;
  /** Paired devices with a /ws open now. */
  connectedDevices(): Set<string>;
  stop(): Promise<void>;
}

/** What the router hands a route: the request and its path parameters. */
export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** False when a public route is called without the token the server wants. */
  authorized: boolean;
  /** Who is calling: the owner, a paired device, or nobody known (public routes only). */
  caller: Caller;
  /** The client's IP address ("" when unknown): pairing tries are counted per address. */
  address: string;
  /** Lifts Bun's idle timeout for this request (long chat turns, SSE). */
  keepOpen(): void;
}

export type RouteHandler = (ctx: RouteContext) => Response | Promise<Response>;
