import { characterFeature } from "./character/feature";
import { chatFeature } from "./chat/feature";
import type { Feature, FeatureEvents } from "./feature";
import { knowledgeFeature } from "./knowledge/feature";
import { logsFeature } from "./logs/feature";
import { modelsFeature } from "./models/feature";
import { pluginsFeature } from "./plugins/feature";
import { settingsFeature } from "./settings/feature";
import { triggersFeature } from "./triggers/feature";

/** Every section of the dashboard, in tab order. The nav, the shell and the /ws dispatch all read this list. */
export const FEATURES: readonly Feature[] = [
  chatFeature,
  characterFeature,
  knowledgeFeature,
  modelsFeature,
  pluginsFeature,
  triggersFeature,
  logsFeature,
  settingsFeature,
];

export function featureById(id: string): Feature {
  return FEATURES.find((f) => f.id === id) ?? FEATURES[0]!;
}

/** The features' /ws handlers, for initSession. */
export function featureEvents(): FeatureEvents[] {
  return FEATURES.flatMap((f) => (f.events ? [f.events] : []));
}
