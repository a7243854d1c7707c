// The installed plugin-sql and plugin-bootstrap 1.7.2 ship no types that resolve under
// moduleResolution "bundler"; both default-export an elizaOS Plugin.
declare module "@elizaos/plugin-bootstrap" {
  const plugin: import("@elizaos/core").Plugin;
  export default plugin;
}
declare module "@elizaos/plugin-sql" {
  const plugin: import("@elizaos/core").Plugin;
  export default plugin;
  /** What the plugin's init calls: one adapter (PostgreSQL when postgresUrl is set, else PGlite). */
  export function createDatabaseAdapter(
    config: { postgresUrl?: string; dataDir?: string },
    agentId: string,
  ): import("@elizaos/core").IDatabaseAdapter;
}
