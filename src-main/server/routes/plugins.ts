import { pluginsContract } from "../../../src-shared/contracts";
import { MiladyError, type WireError } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import type { ConfigStore } from "../../config/types";
import type { Logger } from "../../logging";
import { createPluginManager, type PluginManager } from "../../plugins/manager";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import type { Drain } from "../drain";

interface PluginDeps {
  agent: AgentController;
  config: ConfigStore;
  log: Logger;
  drain?: Drain;
  /** The app's plugin manager (the plugins service); one is made from config and agent when absent. */
  plugins?: PluginManager;
}

function wireError(error: unknown, log: Logger): WireError {
  if (error instanceof MiladyError) return error.toWire();
  log.error(`plugin install failed: ${error instanceof Error ? error.message : String(error)}`);
  return { code: "internal", message: "the install failed; see the log" };
}

export function pluginRoutes(deps: PluginDeps & ContractRouteOptions) {
  const manager =
    deps.plugins ??
    createPluginManager({ config: deps.config, log: deps.log, statuses: () => deps.agent.status().plugins });
  const run = <T>(work: Promise<T>) => (deps.drain ? deps.drain.run(work) : work);
  return implementRoutes(
    pluginsContract,
    {
      list: async () => ({ plugins: manager.list() }),
      search: ({ query }) => manager.search(query.q, query.limit),
      install: async (req) => {
        const { spec, allowScripts } = req.body;
        if (!req.wantsStream) {
          const plugin = await run(manager.install(spec, { allowScripts }));
          return { plugin, restartRequired: true };
        }
        // npm takes seconds to minutes: progress as SSE, then the result or the error as the last event.
        req.keepOpen();
        const sse = req.stream();
        run(manager.install(spec, { allowScripts, onProgress: (p) => sse.send({ type: "progress", ...p }) }))
          .then((plugin) => sse.send({ type: "done", plugin, restartRequired: true }))
          .catch((error) => sse.send({ type: "error", error: wireError(error, deps.log) }))
          .finally(() => sse.close());
        return sse.response;
      },
      paths: async () => manager.paths(),
      addPath: ({ body }) => manager.addPath(body.dir),
      // A scoped name arrives URL-encoded ("%40elizaos%2Fplugin-sql"): one segment after decoding.
      info: async ({ params }) => manager.info(params.name),
      uninstall: async ({ params }) => {
        await run(manager.uninstall(params.name));
        return { name: params.name, removed: true as const, restartRequired: true };
      },
      configure: ({ params, body }) => manager.configure(params.name, body.values),
      eject: async ({ params }) => {
        const { unresolved: _, ...result } = manager.eject(params.name);
        return result;
      },
      enable: ({ params }) => manager.enable(params.name),
      disable: ({ params }) => manager.disable(params.name),
    },
    deps,
  );
}
