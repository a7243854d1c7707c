import { describe, expect, test } from "bun:test";
import type { ModelProgressPayload } from "../../src-shared/protocol";
import { createLogger, LogHub } from "../logging";
import { type Downloader, ModelDownloads, PROGRESS_INTERVAL_MS } from "./model-downloads";

const log = createLogger(new LogHub("error"), "test");

/** A downloader double that reports `steps` progress callbacks as fast as it can, then waits for `release`. */
function slowDownloader(steps: number) {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let calls = 0;
  const downloader: Downloader = async (uri, modelsDir, options) => {
    calls++;
    for (let i = 1; i <= steps; i++) options.onProgress?.({ receivedBytes: i, totalBytes: steps });
    await gate;
    if (uri.includes("fail")) throw new Error("HTTP 404");
    return `${modelsDir}/${uri.split("/").pop()}`;
  };
  return { downloader, release: () => release(), calls: () => calls };
}

describe("ModelDownloads", () => {
  test("one download per URI: a second start conflicts, a second download joins; progress is throttled", async () => {
    const events: ModelProgressPayload[] = [];
    const slow = slowDownloader(500);
    const downloads = new ModelDownloads({
      modelsDir: "/tmp/none",
      log,
      publish: (p) => events.push(p),
      downloader: slow.downloader,
    });
    const uri = "hf:o/r/m.gguf";
    expect(downloads.start(uri)).toEqual({ uri, file: "m.gguf" });
    expect(() => downloads.start(uri)).toThrow("already downloading");
    const joined = downloads.download(uri);
    expect(downloads.active()).toEqual([uri]);
    slow.release();
    expect(await joined).toBe("/tmp/none/m.gguf");
    expect(slow.calls()).toBe(1);
    expect(downloads.active()).toEqual([]);
    // 500 callbacks in well under PROGRESS_INTERVAL_MS: the start event, at most one progress, then done.
    expect(PROGRESS_INTERVAL_MS).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(3);
    expect(events[0]).toMatchObject({ uri, done: false, receivedBytes: 0 });
    expect(events.at(-1)).toMatchObject({ uri, done: true, file: "m.gguf" });
  });

  test("a failure is an error event and a rejected download that names the URI", async () => {
    const events: ModelProgressPayload[] = [];
    const slow = slowDownloader(1);
    const downloads = new ModelDownloads({
      modelsDir: "/tmp/none",
      log,
      publish: (p) => events.push(p),
      downloader: slow.downloader,
    });
    const failing = downloads.download("hf:o/fail/m.gguf");
    slow.release();
    await expect(failing).rejects.toThrow("could not download hf:o/fail/m.gguf: HTTP 404");
    expect(events.at(-1)).toMatchObject({ done: true, error: "HTTP 404" });
    expect(downloads.isActive("hf:o/fail/m.gguf")).toBe(false);
  });
});
