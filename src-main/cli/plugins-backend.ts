import type {
  InstallResultWire,
  InstallStreamEvent,
  PluginDirectory,
  PluginInfo,
  PluginListEntry,
} from "../../src-shared/contracts";
import { type ErrorCode, MiladyError } from "../../src-shared/protocol";
import type { FileConfigStore } from "../config";
import type { Logger } from "../logging";
import type { InstallProgress } from "../plugins";
import { createPluginManager } from "../plugins/manager";
import { findRunningApi } from "./running-api";

/**
 * `milady plugins` works with or without a running Milady. Running: every change goes through
 * its API, so the server's config store stays the one source of truth (and its status learns of
 * the pending restart). Not running: the same plugin manager the server uses writes the state
 * directly, under the same rules. Errors keep their wire code either way.
 */

type Value = string | number | boolean | null;
type Toggled = { name: string; enabled: boolean; restartRequired: boolean };
type Directories = { directories: PluginDirectory[] };
type SearchHit = { name: string; version: string; description?: string; installed: boolean };

export interface PluginsBackend {
  /** True when the commands reach a running Milady over its API. */
  running: boolean;
  list(): Promise<PluginListEntry[]>;
  info(name: string): Promise<PluginInfo>;
  search(query: string, limit: number): Promise<{ results: SearchHit[]; registry: string; mode: string }>;
  install(
    spec: string,
    opts: { allowScripts?: boolean; onProgress?: (p: InstallProgress) => void },
  ): Promise<InstallResultWire>;
  uninstall(name: string): Promise<void>;
  enable(name: string): Promise<Toggled>;
  disable(name: string): Promise<Toggled>;
  configure(name: string, values: Record<string, Value>): Promise<PluginInfo>;
  eject(name: string): Promise<{ dir: string; from: string; version: string }>;
  paths(): Promise<Directories>;
  addPath(dir: string): Promise<Directories & { added: string; warnings: string[] }>;
}

/** A logger for the CLI's direct path: the commands print results and warnings themselves. */
const quiet: Logger = {
  error: (msg) => process.stderr.write(`${msg}\n`),
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

function directBackend(store: FileConfigStore): PluginsBackend {
  const manager = createPluginManager({ config: store, log: quiet });
  return {
    running: false,
    list: async () => manager.list(),
    info: async (name) => manager.info(name),
    search: (query, limit) => manager.search(query, limit),
    install: (spec, opts) => manager.install(spec, opts),
    uninstall: (name) => manager.uninstall(name),
    enable: (name) => manager.enable(name),
    disable: (name) => manager.disable(name),
    configure: (name, values) => manager.configure(name, values),
    eject: async (name) => manager.eject(name),
    paths: async () => manager.paths(),
    addPath: (dir) => manager.addPath(dir),
  };
}

async function wireError(response: Response): Promise<MiladyError> {
  const body = (await response.json().catch(() => ({}))) as {
    error?: { code?: ErrorCode; message?: string; fix?: string };
  };
  const error = body.error;
  return new MiladyError(
    error?.code ?? "internal",
    error?.message ?? `the server answered ${response.status}`,
    error?.fix,
  );
}

function apiBackend(url: string, token: string | undefined): PluginsBackend {
  const headers = (accept = "application/json"): Record<string, string> => ({
    accept,
    "content-type": "application/json",
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
  async function call<T>(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw await wireError(response);
    return (await response.json()) as T;
  }
  const at = (name: string) => `/api/plugins/${encodeURIComponent(name)}`;

  async function install(spec: string, opts: { allowScripts?: boolean; onProgress?: (p: InstallProgress) => void }) {
    const response = await fetch(`${url}/api/plugins/install`, {
      method: "POST",
      headers: headers("text/event-stream"),
      body: JSON.stringify({ spec, ...(opts.allowScripts ? { allowScripts: true } : {}) }),
      signal: AbortSignal.timeout(15 * 60_000),
    });
    if (!response.ok || !response.body) throw await wireError(response);
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = response.body.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      buffer += decoder.decode(chunk, { stream: true });
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const data = buffer
          .slice(0, cut)
          .split("\n")
          .filter((line) => line.startsWith("data: "))
          .map((line) => line.slice(6))
          .join("\n");
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf("\n\n");
        if (!data) continue;
        const event = JSON.parse(data) as InstallStreamEvent;
        if (event.type === "progress") opts.onProgress?.({ phase: event.phase, message: event.message });
        else if (event.type === "done") return event.plugin;
        else throw new MiladyError(event.error.code, event.error.message, event.error.fix);
      }
    }
    throw new MiladyError("internal", "the server ended the install stream without a result", "See Milady's log.");
  }

  return {
    running: true,
    list: async () => (await call<{ plugins: PluginListEntry[] }>("GET", "/api/plugins")).plugins,
    info: (name) => call("GET", at(name)),
    search: (query, limit) =>
      call("GET", `/api/plugins/search?q=${encodeURIComponent(query)}&limit=${limit}`, undefined, 60_000),
    install,
    uninstall: async (name) => {
      await call("DELETE", at(name), undefined, 10 * 60_000);
    },
    enable: (name) => call("POST", `${at(name)}/enable`),
    disable: (name) => call("POST", `${at(name)}/disable`),
    configure: (name, values) => call("PUT", `${at(name)}/config`, { values }),
    eject: (name) => call("POST", `${at(name)}/eject`),
    paths: () => call("GET", "/api/plugins/paths"),
    addPath: (dir) => call("POST", "/api/plugins/paths", { dir }),
  };
}

/** The API of the Milady running on this state dir when it answers, else the state directly. */
export async function pluginsBackend(store: FileConfigStore): Promise<PluginsBackend> {
  const running = await findRunningApi(store);
  return running ? apiBackend(running.url, running.token) : directBackend(store);
}
