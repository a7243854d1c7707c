import { useCallback, useState } from "react";
import type { Conversation } from "../../../src-shared/protocol/conversations";
import { newConversation, openConversation, useChatStore } from "../../stores";
import { TabIcon } from "../shell/icons";
import { Button } from "../shell/ui";
import { ConfirmDelete } from "./confirm-delete";
import { RenameField } from "./rename-field";
import { toastFailure } from "./toast-failure";

const PENCIL = "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4";
const TRASH = "M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13M10 11v6M14 11v6";

/** Conversations, newest first: open one; rename it in place; delete it after a confirmation. */
export function ConversationList({ onPicked }: { onPicked?: () => void }) {
  const conversations = useChatStore((s) => s.conversations);
  const activeId = useChatStore((s) => s.activeId);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Conversation | null>(null);
  const closeConfirm = useCallback(() => setDeleting(null), []);
  const create = async () => {
    try {
      const id = await newConversation();
      onPicked?.();
      document.getElementById("composer")?.focus();
      return id;
    } catch (e) {
      toastFailure("start a conversation", e);
    }
  };
  const action = "grid h-9 w-9 shrink-0 place-items-center rounded-lg text-muted hover:bg-surface-2 hover:text-fg";
  return (
    <div className="flex h-full flex-col">
      <div className="p-3">
        <Button variant="secondary" className="w-full" onClick={() => void create()}>
          + New conversation
        </Button>
      </div>
      <ul className="flex-1 overflow-y-auto px-2 pb-3" aria-label="Conversations">
        {conversations.length === 0 && <li className="px-2 py-1 text-sm text-muted">No conversations yet.</li>}
        {conversations.map((c) =>
          renaming === c.id ? (
            <li key={c.id}>
              <RenameField conversation={c} onDone={() => setRenaming(null)} />
            </li>
          ) : (
            <li
              key={c.id}
              className={`group flex items-center rounded-lg transition ${c.id === activeId ? "bg-surface-2" : "hover:bg-surface-2/60"}`}
            >
              <button
                type="button"
                aria-current={c.id === activeId}
                onClick={() => {
                  onPicked?.();
                  openConversation(c.id).catch((e) => toastFailure("load the history", e));
                }}
                className="min-w-0 flex-1 px-3 py-2 text-left"
              >
                <span className="block truncate text-sm text-fg">{c.title || "Untitled"}</span>
                {c.lastMessage && <span className="block truncate text-xs text-muted">{c.lastMessage}</span>}
              </button>
              {/* Always there for touch and keyboard; on a mouse they show on hover of the row. */}
              <div className="flex pr-1 [@media(hover:hover)]:opacity-0 [@media(hover:hover)]:group-focus-within:opacity-100 [@media(hover:hover)]:group-hover:opacity-100">
                <button
                  type="button"
                  className={action}
                  aria-label={`Rename ${c.title}`}
                  onClick={() => setRenaming(c.id)}
                >
                  <TabIcon path={PENCIL} className="h-4 w-4" />
                </button>
                <button
                  type="button"
                  className={action}
                  aria-label={`Delete ${c.title}`}
                  onClick={() => setDeleting(c)}
                >
                  <TabIcon path={TRASH} className="h-4 w-4" />
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      <ConfirmDelete conversation={deleting} onClose={closeConfirm} />
    </div>
  );
}
