import { type IAgentRuntime, type Plugin, Service } from "@elizaos/core";
import type { ConnectorId } from "../../../src-shared/config/extensions-schema";
import { checkConnectorToken, type TokenCheck } from "../../../src-shared/protocol/connector-check";
import { CONNECTORS } from "../../../src-shared/protocol/connectors";
import type { AgentLog } from "../../runtime/types";
import type { ExtensionState } from "./extension-state";

/**
 * A connector plugin that cannot connect must never block or crash the agent. What the
 * 1.x plugins do when they cannot (read from their code):
 * - plugin-telegram: `start()` calls telegraf's `launch()` without awaiting it (its rejection
 *   is unhandled), then retries getMe 5 times over ~30 s and returns a dead service anyway;
 * - plugin-discord: `start()` returns at once and logs in in the background; the gateway
 *   reconnects on its own.
 * So the guard checks the token against the service's API first (the same check as Test
 * Connection): on failure the plugin's service is not started at all, the connector is
 * `failed` with the reason, and nothing retries. On success the real service starts within
 * a time bound, and every throw is caught.
 */
export interface ConnectorGuardOptions {
  id: ConnectorId;
  state: ExtensionState;
  log: AgentLog;
  /** The API base for the token check (a named test double in tests); the real host otherwise. */
  apiBase?: string;
  /** How long the plugin's own start may take before the connector is reported failed. */
  startTimeoutMs?: number;
  check?: (id: ConnectorId, token: string) => Promise<TokenCheck>;
}

export const CONNECTOR_START_TIMEOUT_MS = 20_000;

type ServiceClass = NonNullable<Plugin["services"]>[number];

/** Stands in for a connector service that was not started, so the runtime and the plugin's actions find one. */
function idleService(serviceType: string, why: string) {
  return class IdleConnectorService extends Service {
    static override serviceType = serviceType;
    override capabilityDescription = `not connected: ${why}`;
    static override async start(runtime: IAgentRuntime) {
      return new IdleConnectorService(runtime);
    }
    override async stop() {}
  };
}

const inWords = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Resolves when the started service is really connected (Discord logs in after start). */
async function whenReady(service: unknown): Promise<void> {
  const ready = (service as { clientReadyPromise?: Promise<unknown> } | null)?.clientReadyPromise;
  if (ready) await ready;
}

export function guardConnectorPlugin(plugin: Plugin, opts: ConnectorGuardOptions): Plugin {
  const { id, state, log } = opts;
  const label = CONNECTORS[id].label;
  const tokenKey = CONNECTORS[id].secrets[0];
  const timeoutMs = opts.startTimeoutMs ?? CONNECTOR_START_TIMEOUT_MS;
  const check = opts.check ?? ((cid, token) => checkConnectorToken(cid, token, { apiBase: opts.apiBase }));
  state.connector(id, { status: "connecting" });

  const fail = (reason: string) => {
    state.connector(id, { status: "failed", reason });
    log.warn("connectors", `${label} did not connect: ${reason}`);
  };

  const guard = (original: ServiceClass): ServiceClass => {
    const serviceType = (original as { serviceType?: string }).serviceType ?? id;
    const Guarded = {
      serviceType,
      async start(runtime: IAgentRuntime) {
        const Idle = idleService(serviceType, "see Settings > Connectors");
        const token = String(runtime.getSetting(tokenKey) ?? "").trim();
        if (!token) {
          fail(`${tokenKey} is not set`);
          return Idle.start(runtime);
        }
        const verdict = await check(id, token).catch(
          (err): TokenCheck => ({ result: "unreachable", message: errorText(err) }),
        );
        if (verdict.result !== "ok") {
          fail(verdict.message);
          return Idle.start(runtime);
        }
        // plugin-telegram talks to TELEGRAM_API_ROOT: the same (test double) server the check used.
        if (id === "telegram" && opts.apiBase) runtime.setSetting("TELEGRAM_API_ROOT", opts.apiBase);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const started = Promise.resolve()
          .then(() => original.start(runtime))
          .then(async (service) => {
            await whenReady(service);
            return service;
          });
        try {
          const service = await Promise.race([
            started,
            new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`${label} did not finish connecting within ${inWords(timeoutMs)}`)),
                timeoutMs,
              );
            }),
          ]);
          state.connector(id, { status: "connected", botName: verdict.botName });
          log.info("connectors", `${label} connected as ${verdict.botName ?? "the bot"}`);
          return service;
        } catch (err) {
          fail(errorText(err));
          // A start that finishes after the bound is stopped: the connector is reported failed.
          started.then((late) => (late as { stop?: () => Promise<void> } | null)?.stop?.()).catch(() => {});
          return Idle.start(runtime);
        } finally {
          clearTimeout(timer);
        }
      },
    };
    // Keep the rest of the class's statics (stop, registerSendHandlers) reachable.
    Object.setPrototypeOf(Guarded, original);
    return Guarded as unknown as ServiceClass;
  };

  return {
    ...plugin,
    // A plugin's init that throws would fail the plugin; the connector says why.
    init: plugin.init
      ? async (config, runtime) => {
          try {
            await plugin.init?.(config, runtime);
          } catch (err) {
            fail(`the plugin's init failed: ${errorText(err)}`);
          }
        }
      : undefined,
    services: (plugin.services ?? []).map(guard),
    // Plugin self-tests are for elizaOS's test runner, not for a running agent.
    tests: undefined,
  };
}
