import { useState } from "react";
import type { Conversation } from "../../../src-shared/protocol/conversations";
import { deleteConversation } from "../../stores";
import { Dialog } from "../shell/dialog";
import { Button } from "../shell/ui";
import { toastFailure } from "./toast-failure";

/** Asks before deleting: the conversation and its messages are gone for good. Closed while `conversation` is null. */
export function ConfirmDelete({ conversation, onClose }: { conversation: Conversation | null; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    if (!conversation) return;
    setBusy(true);
    try {
      await deleteConversation(conversation.id);
      onClose();
    } catch (e) {
      toastFailure("delete the conversation", e);
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
