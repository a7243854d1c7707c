import { useCallback, useRef, useState } from "react";
import type { StatusSnapshot } from "../../../src-shared/protocol/agent-state";
import { type AgentAction, agentActionsFor } from "../../../src-shared/protocol/api";
import { Button } from "./ui";
import { useDismiss } from "./use-dismiss";

const LABEL: Record<AgentAction, string> = {
  start: "Start",
  resume: "Resume",
  pause: "Pause",
  restart: "Restart",
  stop: "Stop",
};

/** What the state allows (the same list as the desktop tray): the one action that brings the agent back first, then the rest. */
export function lifecycleActions(status: StatusSnapshot | null): { primary?: AgentAction; secondary: AgentAction[] } {
  const allowed = agentActionsFor(status?.state);
  const primary = allowed.find((action) => action === "start" || action === "resume");
  return { primary, secondary: allowed.filter((action) => action !== primary) };
}

/**
 * Start / Resume always in sight; Pause, Restart and Stop as buttons on wide screens and
 * behind a "More" menu on phones, where four buttons do not fit beside the status.
 */
export function LifecycleControls(props: {
  status: StatusSnapshot | null;
  busy: boolean;
  run: (action: AgentAction) => void;
}) {
  const { primary, secondary } = lifecycleActions(props.status);
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useDismiss(
    menu,
    open,
    useCallback(() => setOpen(false), []),
  );
  const act = (action: AgentAction) => {
    setOpen(false);
    props.run(action);
  };
  return (
    <>
      {primary && (
        <Button variant="primary" disabled={props.busy} onClick={() => act(primary)}>
          {LABEL[primary]}
        </Button>
      )}
      {secondary.length > 0 && (
        <>
          <div className="hidden items-center gap-1 md:flex">
            {secondary.map((action) => (
              <Button key={action} variant="ghost" disabled={props.busy} onClick={() => act(action)}>
                {LABEL[action]}
              </Button>
            ))}
          </div>
          <div className="relative md:hidden" ref={menu}>
            <Button
              variant="ghost"
              aria-label="More agent actions"
              aria-haspopup="menu"
              aria-expanded={open}
              onClick={() => setOpen(!open)}
            >
              <span aria-hidden="true">⋯</span>
            </Button>
            {open && (
              <div
                role="menu"
                className="absolute right-0 z-50 mt-1 flex min-w-36 flex-col rounded-lg border border-line bg-surface p-1 shadow-xl"
              >
                {secondary.map((action) => (
                  <button
                    key={action}
                    type="button"
                    role="menuitem"
                    disabled={props.busy}
                    className="min-h-11 rounded-md px-3 text-left text-sm hover:bg-surface-2"
                    onClick={() => act(action)}
                  >
                    {LABEL[action]}
                  </button>
                ))}
              </div>
            )}
          </div>
        </>
      )}
    </>
  );
}
