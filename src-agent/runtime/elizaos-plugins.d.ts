// The installed plugin-sql and plugin-bootstrap 1.7.2 ship no types that resolve under
// moduleResolution "bundler"; both default-export an elizaOS Plugin.
declare module "@elizaos/plugin-bootstrap" {
  const plugin: import("@elizaos/core").Plugin;
  export default plugin;
}
declare module "@elizaos/plugin-sql" {
  const plugin: import("@elizaos/core").Plugin;
  export default plugin;
}
