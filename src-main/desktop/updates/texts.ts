import type { UpdateBlocker, UpdateState } from "../../../src-shared/protocol";

/** Why "Restart to update" waits, in the words the dashboard and a notification show. */
export function blockerText(busy: UpdateBlocker): string {
  return busy === "reply"
    ? "waiting for the reply being written to finish; Milady then restarts into the update"
    : "waiting for the model download to finish; Milady then restarts into the update";
}

export function applyFix(state: UpdateState): string {
  if (state === "downloading") return "Wait for the download to finish.";
  if (state === "available")
    return "Download it first (Updates in the Settings tab, or Check for Updates in the tray).";
  return "Check for updates first: an update is applied once it is downloaded.";
}

export function failureFix(phase: "check" | "download", version: string, scheduled: boolean): string {
  const retry = scheduled ? "It is tried again by itself, or press Check now" : "Press Check now to try again";
  const what = phase === "check" ? "the update feed" : "the download";
  return `Milady keeps running ${version}. Check the network connection to ${what}. ${retry}.`;
}

/**
 * Electrobun 1.18.1 checks and downloads only the channel a build was made for (version.json),
 * so another configured channel means another build of the app.
 */
export function channelNote(buildChannel: string, configured: string): string | undefined {
  if (buildChannel === configured) return undefined;
  return `This app is Milady's ${buildChannel} build and updates on ${buildChannel}. To follow ${configured}, install the ${configured} build of the app.`;
}
