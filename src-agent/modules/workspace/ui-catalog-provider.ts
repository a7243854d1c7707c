import type { Provider } from "@elizaos/core";
import { EMOTES, UI_TABS } from "../../../src-shared/protocol";

/** uiCatalog: the dashboard's tabs and, unless emotes are off, the avatar's emotes, so the agent can point to them. */
export function createUiCatalogProvider(emotesEnabled: boolean): Provider {
  const tabs = UI_TABS.map((t) => `- ${t.label}: ${t.what}`).join("\n");
  const emotes = emotesEnabled ? `\nAvatar emotes (PLAY_EMOTE): ${EMOTES.join(", ")}.` : "";
  const text = `# The dashboard\nTabs the owner can open:\n${tabs}${emotes}`;
  return {
    name: "uiCatalog",
    description: "What the dashboard can show: its tabs and the avatar's emotes",
    position: 20,
    get: async () => ({
      text,
      values: { uiTabs: UI_TABS.map((t) => t.label).join(", ") },
      data: { tabs: UI_TABS.map((t) => t.id), emotes: emotesEnabled ? [...EMOTES] : [] },
    }),
  };
}
