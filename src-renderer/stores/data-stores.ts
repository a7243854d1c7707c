import { create } from "zustand";
import type { PluginListEntry } from "../../src-shared/contracts/plugins";
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

export const usePluginsStore = create<{ plugins: PluginListEntry[]; loaded: boolean }>(() => ({
  plugins: [],
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
