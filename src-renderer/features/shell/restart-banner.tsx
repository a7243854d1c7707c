import { getApi, refreshStatus, setRestartPending, toast, useUiStore } from "../../stores";
import { Button } from "./ui";

export function RestartBanner() {
  const pending = useUiStore((s) => s.restartPending);
  if (!pending) return null;
  const restart = async () => {
    try {
      await getApi().agent.restart();
      setRestartPending(false);
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
      <Button variant="ghost" onClick={() => setRestartPending(false)}>
        Later
      </Button>
    </div>
  );
}
