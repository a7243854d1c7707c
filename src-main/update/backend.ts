import type { UpdateMode, UpdateStatus } from "../../src-shared/protocol";
import type { UpdateChannel } from "./registry-check";

export interface ApplyAnswer {
  /** False when the restart waits (a reply streams, a model downloads): `status.waitingFor` says which. */
  applying: boolean;
  status: UpdateStatus;
}

/** The two settings updates follow (milady.json `updates`), read fresh each time they matter. */
export interface UpdateSettings {
  current(): { channel: UpdateChannel; mode: UpdateMode };
  /** Called after a saved change; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

/**
 * One way Milady updates itself: the npm registry (headless) or the desktop app's own
 * updater. The updates service holds exactly one; the routes and /ws only see this.
 */
export interface UpdatesBackend {
  status(): UpdateStatus;
  /** Checks now, whatever the schedule and the mode. */
  check(): Promise<UpdateStatus>;
  /** Downloads the version found (notify mode's "on request"). */
  download(): Promise<UpdateStatus>;
  apply(): Promise<ApplyAnswer>;
  /** Called whenever status() may have changed; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  stop(): void;
}
