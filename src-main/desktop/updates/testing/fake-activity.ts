import type { UpdateBlocker } from "../../../../src-shared/protocol";
import type { Activity } from "../../../update";

/** FakeActivity — a test double of the app's replies and model downloads in flight. */
export class FakeActivity implements Activity {
  private replies = 0;
  private downloads = 0;
  private readonly listeners = new Set<() => void>();

  busyWith(): UpdateBlocker | undefined {
    return this.replies > 0 ? "reply" : this.downloads > 0 ? "model_download" : undefined;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reply(streaming: boolean): void {
    this.replies += streaming ? 1 : -1;
    this.changed();
  }

  modelDownload(running: boolean): void {
    this.downloads += running ? 1 : -1;
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
