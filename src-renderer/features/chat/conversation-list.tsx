import { newConversation, openConversation, toast, useChatStore } from "../../stores";
import { Button } from "../shell/ui";

export function ConversationList({ onPicked }: { onPicked?: () => void }) {
  const conversations = useChatStore((s) => s.conversations);
  const activeId = useChatStore((s) => s.activeId);
  const create = async () => {
    try {
      const id = await newConversation();
      onPicked?.();
      document.getElementById("composer")?.focus();
      return id;
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      toast("error", `Could not start a conversation: ${err.message ?? e}`, err.fix);
    }
  };
  return (
    <div className="flex h-full flex-col">
      <div className="p-3">
        <Button variant="secondary" className="w-full" onClick={() => void create()}>
          + New conversation
        </Button>
      </div>
      <ul className="flex-1 overflow-y-auto px-2 pb-3" aria-label="Conversations">
        {conversations.length === 0 && <li className="px-2 py-1 text-sm text-muted">No conversations yet.</li>}
        {conversations.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              aria-current={c.id === activeId}
              onClick={() => {
                onPicked?.();
                openConversation(c.id).catch((e) => toast("error", `Could not load history: ${e.message}`, e.fix));
              }}
              className={`w-full rounded-lg px-3 py-2 text-left transition ${c.id === activeId ? "bg-surface-2" : "hover:bg-surface-2/60"}`}
            >
              <span className="block truncate text-sm text-fg">{c.title || "Untitled"}</span>
              {c.lastMessage && <span className="block truncate text-xs text-muted">{c.lastMessage}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
