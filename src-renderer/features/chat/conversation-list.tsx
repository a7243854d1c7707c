import { useCallback, useRef, useState } from "react";
import type { Conversation } from "../../../src-shared/protocol/conversations";
import { CONVERSATION_TITLE_MAX_CHARS } from "../../../src-shared/protocol/conversations";
import {
  deleteConversation,
  newConversation,
  openConversation,
  renameConversation,
  toast,
  useChatStore,
} from "../../stores";
import { Dialog } from "../shell/dialog";
import { TabIcon } from "../shell/icons";
import { Button } from "../shell/ui";

const PENCIL = "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4";
const TRASH = "M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13M10 11v6M14 11v6";

function failed(what: string, e: unknown) {
  const err = e as { message?: string; fix?: string };
  toast("error", `Could not ${what}: ${err.message ?? String(e)}`, err.fix);
}

/** Enter or leaving the field saves, Esc cancels; an unchanged or empty title is not sent. */
function RenameField({ conversation, onDone }: { conversation: Conversation; onDone: () => void }) {
  const [title, setTitle] = useState(conversation.title);
  const [saving, setSaving] = useState(false);
  // Enter, then the blur as the field goes away, must save once; Esc, then that blur, not at all.
  const finished = useRef(false);
  const finish = () => {
    finished.current = true;
    onDone();
  };
  const save = async () => {
    const next = title.trim();
    if (finished.current || saving) return;
    if (!next || next === conversation.title) return finish();
    setSaving(true);
    try {
      await renameConversation(conversation.id, next);
    } catch (e) {
      failed("rename the conversation", e);
    } finally {
      setSaving(false);
      finish();
    }
  };
  return (
    <form
      className="px-1 py-1"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this one; typing should start at once
        autoFocus
        aria-label="Conversation title"
        value={title}
        maxLength={CONVERSATION_TITLE_MAX_CHARS}
        disabled={saving}
        onChange={(e) => setTitle(e.target.value)}
        onFocus={(e) => e.currentTarget.select()}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation(); // cancels the rename, not the dialog around the list
            finish();
          }
        }}
        className="min-h-9 w-full rounded-lg border border-accent bg-bg px-2 text-sm text-fg focus:outline-none"
      />
    </form>
  );
}

function ConfirmDelete({ conversation, onClose }: { conversation: Conversation | null; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    if (!conversation) return;
    setBusy(true);
    try {
      await deleteConversation(conversation.id);
      onClose();
    } catch (e) {
      failed("delete the conversation", e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Delete conversation?" open={conversation !== null} onClose={onClose}>
      <p className="text-sm text-muted">
        “<span className="text-fg">{conversation?.title}</span>” and all its messages will be deleted. This cannot be
        undone.
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" disabled={busy} onClick={() => void remove()}>
          {busy ? "Deleting…" : "Delete"}
        </Button>
      </div>
    </Dialog>
  );
}

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
      failed("start a conversation", e);
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
                  openConversation(c.id).catch((e) => failed("load the history", e));
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
