import type { ShellUpdater } from "../shell";

/**
 * The part of electrobun/bun's `Updater` (1.18.1) this uses, spelled out so that nothing here
 * imports Electrobun: electrobun-shell.ts passes the real one in.
 */
export interface ElectrobunUpdaterApi {
  getLocalInfo(): Promise<{ version: string; hash: string; channel: string; baseUrl: string }>;
  checkForUpdate(): Promise<{ version?: string; hash?: string; updateAvailable?: boolean; error?: string }>;
  downloadUpdate(): Promise<void>;
  updateInfo(): { updateReady?: boolean; error?: string } | undefined;
  applyUpdate(): Promise<void>;
  onStatusChange(callback: ((entry: ElectrobunStatus) => void) | null): void;
}

export interface ElectrobunStatus {
  status: string;
  message: string;
  details?: { progress?: number; errorMessage?: string };
}

/**
 * Electrobun's Updater as a ShellUpdater, with what its API leaves implicit made explicit:
 * - `updateAvailable` is missing (not false) when the hashes match;
 * - downloadUpdate() resolves even when it failed (only updateInfo().updateReady and the
 *   "error" status say so), and throws from an unlinkSync after a failed full download;
 * - applyUpdate() returns silently when it cannot find the app in the archive; it ends with
 *   a "complete" status and quit() when it did its work;
 * - onStatusChange keeps one callback, so this keeps it and fans out.
 */
export function shellUpdaterFrom(updater: ElectrobunUpdaterApi): ShellUpdater {
  const handlers: Array<(status: { status: string; message: string; progress?: number }) => void> = [];
  let lastStatus = "";
  // The first error of a run names the cause; Electrobun goes on after it and reports the fallout.
  let firstError: string | undefined;
  updater.onStatusChange((entry) => {
    lastStatus = entry.status;
    if (entry.status === "error") firstError ??= entry.details?.errorMessage ?? entry.message;
    const status = { status: entry.status, message: entry.message, progress: entry.details?.progress };
    for (const handler of handlers) handler(status);
  });
  return {
    async localInfo() {
      const { version, hash, channel, baseUrl } = await updater.getLocalInfo();
      return { version, hash, channel, baseUrl };
    },
    async check() {
      const result = await updater.checkForUpdate();
      return {
        updateAvailable: result.updateAvailable === true,
        version: result.version ?? "",
        hash: result.hash ?? "",
        error: result.error ?? "",
      };
    },
    async download() {
      firstError = undefined;
      try {
        await updater.downloadUpdate();
      } catch (error) {
        throw new Error(firstError ?? (error instanceof Error ? error.message : String(error)));
      }
      if (!updater.updateInfo()?.updateReady) {
        throw new Error(firstError ?? updater.updateInfo()?.error ?? "the download did not complete");
      }
    },
    ready: () => updater.updateInfo()?.updateReady === true,
    async apply() {
      firstError = undefined;
      await updater.applyUpdate();
      if (lastStatus !== "complete") {
        throw new Error(firstError ?? "Electrobun did not install the update (see the log for its reason)");
      }
    },
    onStatus(handler) {
      handlers.push(handler);
    },
  };
}
