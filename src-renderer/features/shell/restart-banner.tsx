import { dismissRestartPrompt, getApi, refreshStatus, toast, useStatusStore, useUiStore } from "../../stores";
import { Button } from "./ui";

/**
 * Shown while the running agent uses an older config than the saved one (the server's
 * `restartPending`), so it survives a reload and disappears once a restart applied the change.
 */
export function RestartBanner() {
  const pending = useStatusStore((s) => s.status?.restartPending === true);
  const dismissed = useUiStore((s) => s.restartPromptDismissed);
  if (!pending || dismissed) return null;
  const restart = async () => {
    try {
      await getApi().agent.restart();
      await refreshStatus();
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      toast("error", `Restart failed: ${err.message}`, err.fix);
    }
  };
  return (
    <div role="status" className="flex items-center gap-3 border-b border-accent/30 bg-accent/10 px-4 py-2 text-sm">
      <span className="flex-1">Restart the agent to apply your changes.</span>
      <Button variant="primary" onClick={() => void restart()}>
        Restart now
      </Button>
      <Button variant="ghost" onClick={() => dismissRestartPrompt()}>
        Later
      </Button>
    </div>
  );
}
