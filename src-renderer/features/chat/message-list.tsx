import { useEffect, useRef } from "react";
import { retry, type UiMessage } from "../../stores";
import { Button } from "../shell/ui";
import { Markdown } from "./markdown";

function Bubble({ m }: { m: UiMessage }) {
  const mine = m.role === "user";
  return (
    <li className={`rise flex flex-col ${mine ? "items-end" : "items-start"}`} data-testid={`msg-${m.role}`}>
      <div
        className={`max-w-[85%] min-w-0 rounded-2xl px-3.5 py-2 text-[15px] leading-relaxed break-words ${
          mine ? "rounded-br-md bg-accent text-accent-fg" : "rounded-bl-md border border-line bg-surface"
        } ${m.pending === "queued" ? "opacity-70" : ""} ${m.pending === "streaming" ? "streaming-caret" : ""}`}
      >
        <Markdown text={m.text} />
      </div>
      {m.pending === "queued" && (
        <span className="mt-1 text-xs text-muted">queued — sends when the agent is ready</span>
      )}
      {m.pending === "sending" && <span className="mt-1 text-xs text-muted">sending…</span>}
      {m.error && (
        <div role="alert" className="mt-1 max-w-[85%] text-right text-xs">
          <span className="text-danger">{m.error.message}</span>
          {m.error.fix && <span className="ml-1 text-muted">{m.error.fix}</span>}
          <Button
            variant="ghost"
            className="ml-1 min-h-7 px-2 text-xs"
            onClick={() => void retry(m.conversationId, m.clientMessageId ?? "")}
          >
            Retry
          </Button>
        </div>
      )}
    </li>
  );
}

/** Sticks to the bottom while the user is there; does not yank them down while they read history. */
export function MessageList({ messages, loading }: { messages: UiMessage[]; loading: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const last = messages[messages.length - 1];
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when a message is added or the streaming text grows
  useEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages.length, last?.text]);
  return (
    <div
      ref={ref}
      className="flex-1 overflow-y-auto px-4 py-4"
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
    >
      {loading && messages.length === 0 && <p className="text-center text-sm text-muted">Loading history…</p>}
      {!loading && messages.length === 0 && (
        <div className="mx-auto mt-16 max-w-sm text-center text-sm text-muted">
          <p className="text-base text-fg">Say hello.</p>
          <p className="mt-1">Everything stays on this machine. Press Ctrl/⌘ K to jump here from anywhere.</p>
        </div>
      )}
      <ol className="mx-auto flex max-w-3xl flex-col gap-3" aria-live="polite" aria-label="Messages">
        {messages.map((m) => (
          <Bubble key={m.id} m={m} />
        ))}
      </ol>
    </div>
  );
}
