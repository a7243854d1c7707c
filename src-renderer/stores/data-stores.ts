import { create } from "zustand";
import type { PluginListEntry } from "../../src-shared/contracts/plugins";
import type { AvatarInfo, ConfigView, LocalModelFile } from "../../src-shared/protocol/api";
import type { Character } from "../../src-shared/protocol/character";
import type { ModelProgressPayload } from "../../src-shared/protocol/events";
import type { KnowledgeDocument, KnowledgeSearchHit } from "../../src-shared/protocol/knowledge";
import type { Trigger, TriggerRun, TriggerRunEvent } from "../../src-shared/protocol/triggers";

/** Projections of server resources that are fetched on demand (not pushed over /ws). */

export const useConfigStore = create<{ view: ConfigView | null; error: string | null }>(() => ({
  view: null,
  error: null,
}));

/** `picture`: the character picture's URL (a PNG card's), null for none, undefined until loaded. */
export const useCharacterStore = create<{ character: Character | null; picture?: string | null }>(() => ({
  character: null,
}));

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

/** The triggers, and the run history of those whose history is open (by trigger id, newest first). */
export const useTriggersStore = create<{ triggers: Trigger[]; runs: Record<string, TriggerRun[]>; loaded: boolean }>(
  () => ({ triggers: [], runs: {}, loaded: false }),
);

/** A trigger_run from /ws: the trigger as it is now, and the run on top of its open history. */
export function applyTriggerRun({ run, trigger }: TriggerRunEvent): void {
  useTriggersStore.setState((s) => ({
    triggers: s.triggers.map((t) => (t.id === trigger.id ? trigger : t)),
    runs: s.runs[trigger.id]
      ? { ...s.runs, [trigger.id]: [run, ...s.runs[trigger.id].filter((r) => r.id !== run.id)].slice(0, 100) }
      : s.runs,
  }));
}
