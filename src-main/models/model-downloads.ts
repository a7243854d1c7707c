import { basename } from "node:path";
import { MiladyError, type ModelProgressPayload } from "../../src-shared/protocol";
import type { Logger } from "../logging";
import { type DownloadOptions, downloadHfModel } from "./download";
import { type LocalModelFile, listLocalModels } from "./local-models";
import { type DownloadProgress, renderProgressBar } from "./progress-bar";

/** At most four progress events a second per download: smooth bars without flooding the replay buffer. */
export const PROGRESS_INTERVAL_MS = 250;

export type Downloader = (uri: string, modelsDir: string, options: DownloadOptions) => Promise<string>;

export interface ModelDownloadsOptions {
  modelsDir: string;
  log: Logger;
  /** Where progress goes (the event bus's `model_progress`). */
  publish(payload: ModelProgressPayload): void;
  /** The real hf: downloader unless a test passes its own. */
  downloader?: Downloader;
}

function fileOf(uri: string): string {
  return uri.split(/[/:]/).filter(Boolean).pop() ?? uri;
}

/**
 * Every model download of the process, whoever asked (the API, `--model hf:` at start):
 * one download per URI, throttled `model_progress` events, a bar on a terminal.
 */
export class ModelDownloads {
  private readonly running = new Map<string, Promise<string>>();
  private readonly listeners = new Set<() => void>();
  private readonly downloader: Downloader;

  constructor(private readonly options: ModelDownloadsOptions) {
    this.downloader = options.downloader ?? downloadHfModel;
  }

  list(): Promise<LocalModelFile[]> {
    return listLocalModels(this.options.modelsDir);
  }

  /** URIs downloading now. */
  active(): string[] {
    return [...this.running.keys()];
  }

  isActive(uri: string): boolean {
    return this.running.has(uri);
  }

  /** Called when a download starts or ends (an update waits for none to run); returns an unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts a download in the background; a second start of the same URI is a conflict. */
  start(uri: string): { uri: string; file: string } {
    if (this.running.has(uri)) {
      throw new MiladyError("conflict", `${uri} is already downloading`, "watch model_progress events on /ws");
    }
    this.download(uri).catch(() => undefined); // failures reach the client as a model_progress error
    return { uri, file: fileOf(uri) };
  }

  /** Downloads (or joins the download of) `uri`; resolves with the file's path. */
  download(uri: string, opts: { terminal?: boolean } = {}): Promise<string> {
    const existing = this.running.get(uri);
    if (existing) return existing;
    const run = this.run(uri, opts.terminal === true).finally(() => {
      this.running.delete(uri);
      this.changed();
    });
    this.running.set(uri, run);
    this.changed();
    return run;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private async run(uri: string, terminal: boolean): Promise<string> {
    const { log, publish, modelsDir } = this.options;
    const file = fileOf(uri);
    const bar =
      terminal && process.stderr.isTTY
        ? (p: DownloadProgress) => process.stderr.write(`\r${renderProgressBar(p, 30)}`)
        : undefined;
    let lastSent = 0;
    log.info(`downloading ${uri} into ${modelsDir}`);
    publish({ uri, file, receivedBytes: 0, done: false });
    try {
      const path = await this.downloader(uri, modelsDir, {
        onProgress: (p) => {
          bar?.(p);
          const now = Date.now();
          if (now - lastSent < PROGRESS_INTERVAL_MS) return;
          lastSent = now;
          publish({ uri, file, receivedBytes: p.receivedBytes, totalBytes: p.totalBytes, done: false });
        },
      });
      if (bar) process.stderr.write("\n");
      const name = basename(path);
      log.info(`model downloaded: ${name}`);
      publish({ uri, file: name, receivedBytes: Bun.file(path).size, done: true });
      return path;
    } catch (error) {
      if (bar) process.stderr.write("\n");
      const message = error instanceof Error ? error.message : String(error);
      log.warn(`model download failed (${uri}): ${message}`);
      publish({ uri, file, receivedBytes: 0, done: true, error: message });
      throw new Error(`could not download ${uri}: ${message}`);
    }
  }
}
