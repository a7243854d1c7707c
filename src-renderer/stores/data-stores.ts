import { create } from "zustand";
import type { PluginStatus } from "../../src-shared/protocol/agent-state";
import type { AvatarInfo, ConfigView, LocalModelFile } from "../../src-shared/protocol/api";
import type { Character } from "../../src-shared/protocol/character";
import type { ModelProgressPayload } from "../../src-shared/protocol/events";
import type { KnowledgeDocument, KnowledgeSearchHit } from "../../src-shared/protocol/knowledge";

/** Projections of server resources that are fetched on demand (not pushed over /ws). */

export const useConfigStore = create<{ view: ConfigView | null; error: string | null }>(() => ({
  view: null,
  error: null,
}));

export const useCharacterStore = create<{ character: Character | null }>(() => ({ character: null }));

export const usePluginsStore = create<{ plugins: PluginStatus[]; disabled: string[]; loaded: boolean }>(() => ({
  plugins: [],
  disabled: [],
  loaded: false,
}));

export const useKnowledgeStore = create<{
  documents: KnowledgeDocument[];
  hits: KnowledgeSearchHit[] | null;
  loaded: boolean;
}>(() => ({ documents: [], hits: null, loaded: false }));

export const useModelsStore = create<{ files: LocalModelFile[]; progress: Record<string, ModelProgressPayload> }>(
  () => ({
    files: [],
    progress: {},
  }),
);

export function applyModelProgress(p: ModelProgressPayload): void {
  useModelsStore.setState((s) => ({ progress: { ...s.progress, [p.uri]: p } }));
}

export const useAvatarStore = create<{ info: AvatarInfo | null }>(() => ({ info: null }));

/** Reads a nested config value from the untyped ConfigView record: cfg(view, "models", "provider"). */
export function cfg(view: ConfigView | null, ...path: string[]): unknown {
  let cur: unknown = view?.config;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}
