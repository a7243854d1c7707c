import type { ConnectorId } from "../config/extensions-schema";

/**
 * The one channel -> plugin map: a configured connector loads this plugin (installed on
 * demand through the plugin installer, never a Milady dependency) with these secrets.
 */
export const CONNECTORS: Record<ConnectorId, { label: string; plugin: string; secrets: readonly string[] }> = {
  telegram: { label: "Telegram", plugin: "@elizaos/plugin-telegram", secrets: ["TELEGRAM_BOT_TOKEN"] },
  discord: {
    label: "Discord",
    plugin: "@elizaos/plugin-discord",
    secrets: ["DISCORD_API_TOKEN", "DISCORD_APPLICATION_ID"],
  },
};
