import { MiladyError, type UpdateStatus } from "../../src-shared/protocol";
import type { ApplyAnswer, UpdateSettings, UpdatesBackend } from "./backend";

/**
 * The desktop app before its shell is up: the npm registry is not how a desktop build updates,
 * so nothing is checked until the desktop layer installs its own backend.
 */
export function awaitingDesktop(settings: UpdateSettings, current: string): UpdatesBackend {
  const notYet = () =>
    new MiladyError("conflict", "the desktop updater is not running yet", "Try again once the Milady window is open.");
  return {
    status(): UpdateStatus {
      const { channel, mode } = settings.current();
      return {
        backend: "desktop",
        state: "idle",
        current,
        channel,
        configuredChannel: channel,
        mode,
        canApply: false,
        message: "the desktop updater starts with the app's window",
      };
    },
    check: async () => {
      throw notYet();
    },
    download: async () => {
      throw notYet();
    },
    apply: async (): Promise<ApplyAnswer> => {
      throw notYet();
    },
    onChange: () => () => undefined,
    stop: () => undefined,
  };
}
