import type { ShellUpdater } from "../../shell";

type Status = { status: string; message: string; progress?: number };

interface Gate {
  release(): void;
  fail(message: string): void;
}

/**
 * FakeShellUpdater — a test double of Electrobun's updater behind ShellUpdater: a feed the test
 * sets (`feed`), failures it injects (`checkError`, `downloadError`), downloads it can hold open
 * (`holdDownloads`) to look at progress, and every call recorded in `calls`.
 */
export class FakeShellUpdater implements ShellUpdater {
  info = { version: "1.0.0", hash: "hash-100", channel: "stable", baseUrl: "http://127.0.0.1:9/feed" };
  /** What the feed offers; undefined: the feed has this very build. */
  feed: { version: string; hash: string } | undefined;
  checkError: string | undefined;
  /** The check never answers (a feed that hangs). */
  checkHangs = false;
  downloadError: string | undefined;
  holdDownloads = false;
  applyError: string | undefined;
  readonly calls: string[] = [];
  private isReady = false;
  private readonly handlers: Array<(status: Status) => void> = [];
  private readonly held: Gate[] = [];

  async localInfo() {
    return { ...this.info };
  }

  async check() {
    this.calls.push("check");
    if (this.checkHangs) return new Promise<never>(() => undefined);
    if (this.checkError) return { updateAvailable: false, version: "", hash: "", error: this.checkError };
    const feed = this.feed ?? { version: this.info.version, hash: this.info.hash };
    return { updateAvailable: feed.hash !== this.info.hash, version: feed.version, hash: feed.hash, error: "" };
  }

  async download(): Promise<void> {
    this.calls.push("download");
    this.emit({ status: "download-starting", message: "Starting update download..." });
    if (this.holdDownloads) {
      await new Promise<void>((resolve, reject) => {
        this.held.push({ release: resolve, fail: (message) => reject(new Error(message)) });
      });
    }
    if (this.downloadError) {
      this.emit({ status: "error", message: this.downloadError });
      throw new Error(this.downloadError);
    }
    this.emit({ status: "download-progress", message: "Download complete", progress: 100 });
    this.isReady = true;
  }

  /** Reports progress of a held download, then lets it finish (or fail). */
  progress(percent: number): void {
    this.emit({ status: "download-progress", message: `Downloading: ${percent}%`, progress: percent });
  }

  finishDownload(error?: string): void {
    const gate = this.held.shift();
    if (!gate) throw new Error("no download is held");
    if (error) gate.fail(error);
    else gate.release();
  }

  ready(): boolean {
    return this.isReady;
  }

  async apply(): Promise<void> {
    this.calls.push("apply");
    if (this.applyError) throw new Error(this.applyError);
  }

  onStatus(handler: (status: Status) => void): void {
    this.handlers.push(handler);
  }

  private emit(status: Status): void {
    for (const handler of this.handlers) handler(status);
  }
}
