/**
 * What the tray and the application menu need from desktop updates. The update
 * policy (updates/) implements it; the tray and menu only read the state and
 * forward the two clicks.
 */
export interface UpdateMenuState {
  /** A check or a download is running: "Check for Updates" is disabled meanwhile. */
  busy: boolean;
  /** A downloaded version waits to be applied: the tray shows "Restart to update to <version>". */
  readyVersion?: string;
}

export interface DesktopUpdates {
  menuState(): UpdateMenuState;
  /** Called whenever menuState() may have changed; returns an unsubscribe. */
  onChange(handler: () => void): () => void;
  /**
   * "Check for Updates": checks now, whatever the schedule says, and downloads what it finds
   * (in notify mode this click is the request to download).
   */
  checkNow(): Promise<void>;
  /** "Restart to update": applies the ready update unless a reply streams or a model downloads. */
  restartToUpdate(): Promise<void>;
}
