import { useState } from "react";
import type { AgentAction } from "../../../src-shared/protocol/api";
import { getApi, refreshStatus, setTheme, type ThemePref, toast, useStatusStore, useUiStore } from "../../stores";
import { LifecycleControls } from "./lifecycle-controls";
import { Button } from "./ui";

const STATE_LABEL: Record<string, { label: string; tone: string }> = {
  not_started: { label: "Not started", tone: "bg-muted" },
  starting: { label: "Starting…", tone: "bg-warn animate-pulse" },
  running: { label: "Running", tone: "bg-ok" },
  paused: { label: "Paused", tone: "bg-warn" },
  stopped: { label: "Stopped", tone: "bg-muted" },
  restarting: { label: "Restarting…", tone: "bg-warn animate-pulse" },
  error: { label: "Error", tone: "bg-danger" },
};

async function act(action: AgentAction) {
  try {
    await getApi().agent[action]();
    await refreshStatus();
  } catch (e) {
    const err = e as { message?: string; fix?: string };
    toast("error", `Could not ${action} the agent: ${err.message ?? e}`, err.fix);
  }
}

const NEXT_THEME: Record<ThemePref, ThemePref> = { dark: "light", light: "system", system: "dark" };
const THEME_ICON: Record<ThemePref, string> = { dark: "☾", light: "☀", system: "◐" };

export function ThemeToggle() {
  const theme = useUiStore((s) => s.theme);
  return (
    <Button
      variant="ghost"
      aria-label={`Theme: ${theme}. Switch to ${NEXT_THEME[theme]}`}
      title={`Theme: ${theme}`}
      onClick={() => setTheme(NEXT_THEME[theme])}
    >
      <span aria-hidden="true">{THEME_ICON[theme]}</span>
    </Button>
  );
}

/** Always visible: agent state, model, why it cannot reply (with the fix), and lifecycle buttons. */
export function StatusBar() {
  const { status, unreachable, socket } = useStatusStore();
  const [busy, setBusy] = useState(false);
  const run = async (a: AgentAction) => {
    setBusy(true);
    await act(a);
    setBusy(false);
  };
  const st = !status
    ? { label: unreachable ? "Connecting to server…" : "Connecting…", tone: "bg-warn animate-pulse" }
    : status.state === "running" && !status.canReply
      ? // Running but unable to answer (no model...): never a green "Running" the user cannot chat with.
        { label: "Cannot reply", tone: "bg-warn" }
      : STATE_LABEL[status.state];
  // While the agent starts its model is not known yet: "no model" there read as a fault.
  const transitioning = status?.state === "starting" || status?.state === "restarting";
  const model =
    transitioning && status?.model.provider === "none"
      ? undefined
      : status?.model.provider === "none"
        ? "no model"
        : status?.model.name
          ? `${status.model.provider} · ${status.model.name}`
          : status?.model.provider;
  return (
    <header className="border-b border-line bg-surface/60 backdrop-blur">
      <div className="flex min-h-14 items-center gap-3 px-4">
        <span className="text-[15px] font-semibold tracking-tight">{status?.agentName ?? "Milady"}</span>
        <span
          className="flex min-w-0 items-center gap-2 text-sm whitespace-nowrap text-muted"
          role="status"
          aria-live="polite"
        >
          <span className={`h-2 w-2 shrink-0 rounded-full ${st.tone}`} aria-hidden="true" />
          {st.label}
          {socket !== "open" && status && <span className="hidden text-xs sm:inline">(live updates reconnecting)</span>}
        </span>
        {model && <span className="hidden truncate text-xs text-muted lg:inline">{model}</span>}
        <div className="ml-auto flex shrink-0 items-center gap-1">
          <LifecycleControls status={status} busy={busy} run={(a) => void run(a)} />
          <ThemeToggle />
        </div>
      </div>
      {status && !status.canReply && status.reason && (
        <div role="alert" className="border-t border-warn/30 bg-warn/10 px-4 py-2 text-sm">
          <span className="text-warn">{status.reason.message}</span>
          {status.reason.fix && <span className="ml-2 text-muted">{status.reason.fix}</span>}
        </div>
      )}
      {unreachable && (
        <div role="alert" className="border-t border-line px-4 py-2 text-sm text-muted">
          {unreachable} Retrying every 2 s…
        </div>
      )}
    </header>
  );
}
