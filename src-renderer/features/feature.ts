import type { ComponentType } from "react";
import type { ServerEvent, ServerEventType } from "../../src-shared/protocol/events";

/** /ws events a feature folds into its own store, by type. */
export type FeatureEvents = { [T in ServerEventType]?: (event: Extract<ServerEvent, { type: T }>) => void };

/**
 * One section of the dashboard: its tab, its view, and the /ws events it listens to.
 * A new section is a folder under features/ exporting one of these, plus one line in registry.ts.
 */
export interface Feature {
  id: string;
  label: string;
  /** A 24 px stroke icon path (hand-drawn: an icon library would cost more than the whole dashboard). */
  icon: string;
  View: ComponentType;
  /** `fill`: the view manages its own scrolling (chat, logs); `page`: the shell scrolls it. */
  layout: "page" | "fill";
  /** In the phone's bottom bar; the other sections sit behind its "More" tab (eight labels do not fit in 360 px). */
  phoneBar?: boolean;
  events?: FeatureEvents;
}

export function defineFeature(feature: Feature): Feature {
  return feature;
}
