import type { AgentManager } from "../agent-host";
import type { FileConfigStore } from "../config";
import { createPluginManager, type PluginManager } from "../plugins/manager";
import type { Logging } from "./core-services";
import { defineService, type Service } from "./service-host";

/**
 * Plugins: install, configure, eject (src-main/plugins). At start it repairs the install records
 * (a path that is gone is fixed or removed, Milady's @elizaos/core linked again) before the agent
 * is started, so the plugin resolver never reads a record that points nowhere.
 */
export function pluginsService(
  config: Service<FileConfigStore>,
  logging: Service<Logging>,
  agent: Service<AgentManager>,
): Service<PluginManager> {
  return defineService({
    name: "plugins",
    deps: [config, logging, agent],
    start: async (get) => {
      const log = get(logging).logger("plugins");
      const manager = createPluginManager({ config: get(config), log, statuses: () => get(agent).status().plugins });
      try {
        const repaired = await manager.installer.repair();
        if (repaired.length > 0) log.info(`repaired plugin install records: ${repaired.join(", ")}`);
      } catch (error) {
        // A repair that cannot run (a read-only state dir) must not keep Milady from starting.
        log.warn(`plugin install records were not checked: ${error instanceof Error ? error.message : String(error)}`);
      }
      return manager;
    },
  });
}
