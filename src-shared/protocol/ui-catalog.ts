/**
 * What the dashboard can show, for the agent's uiCatalog provider (the agent cannot import the
 * renderer). A renderer test checks that these ids and labels match src-renderer/features/registry.ts.
 */
export const UI_TABS = [
  { id: "chat", label: "Chat", what: "the conversations with the agent, with the avatar" },
  { id: "character", label: "Character", what: "the agent's name, bio, style and examples" },
  { id: "knowledge", label: "Knowledge", what: "the user's documents the agent retrieves from" },
  { id: "models", label: "Models", what: "the chat model (local GGUF or a provider key)" },
  { id: "plugins", label: "Plugins", what: "elizaOS plugins and custom actions: loaded, failed, refused" },
  { id: "triggers", label: "Triggers", what: "scheduled prompts and their runs" },
  { id: "logs", label: "Logs", what: "the live log" },
  { id: "settings", label: "Settings", what: "LAN access, updates, autonomy, other settings" },
] as const;
