import { useRef, useState } from "react";
import { CONVERSATION_TITLE_MAX_CHARS, type Conversation } from "../../../src-shared/protocol/conversations";
import { renameConversation } from "../../stores";
import { toastFailure } from "./toast-failure";

/** Enter or leaving the field saves, Esc cancels; an unchanged or empty title is not sent. */
export function RenameField({ conversation, onDone }: { conversation: Conversation; onDone: () => void }) {
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
      toastFailure("rename the conversation", e);
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
