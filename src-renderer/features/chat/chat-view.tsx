import { useCallback, useEffect, useState } from "react";
import { AvatarPanel } from "../../avatar-panel";
import { openConversation, useChatStore, useStatusStore } from "../../stores";
import { Dialog } from "../shell/dialog";
import { useMedia } from "../shell/use-media";
import { DictateButton, SpeakToggle } from "../speech";
import { Composer } from "./composer";
import { ConversationList } from "./conversation-list";
import { MessageList } from "./message-list";

const EMPTY: never[] = [];

/**
 * Desktop: [avatar | conversations | messages]. Phone: a small portrait header
 * above the messages; conversations open in a dialog.
 */
export function ChatView() {
  const activeId = useChatStore((s) => s.activeId);
  const conversations = useChatStore((s) => s.conversations);
  const messages = useChatStore((s) => (s.activeId ? (s.messages[s.activeId] ?? EMPTY) : EMPTY));
  const loading = useChatStore((s) => (s.activeId ? !!s.historyLoading[s.activeId] : false));
  const agentName = useStatusStore((s) => s.status?.agentName ?? "Milady");
  const desktop = useMedia("(min-width: 768px)");
  const [draft, setDraft] = useState("");
  const [listOpen, setListOpen] = useState(false);
  const closeList = useCallback(() => setListOpen(false), []);
  const title = conversations.find((c) => c.id === activeId)?.title;

  // Open the most recent conversation on first visit, so history is on screen without a click.
  useEffect(() => {
    if (!activeId && conversations[0]) void openConversation(conversations[0].id).catch(() => {});
  }, [activeId, conversations]);

  const appendDictation = useCallback((t: string) => setDraft((d) => (d ? `${d} ${t}` : t)), []);

  return (
    <div className="flex h-full min-h-0 flex-col md:flex-row">
      <aside
        className="hidden border-r border-line md:block md:w-[30%] md:max-w-[420px] md:min-w-[240px]"
        aria-label="Avatar"
      >
        {desktop && <AvatarPanel />}
      </aside>
      <aside className="hidden w-60 shrink-0 border-r border-line xl:block">
        <ConversationList />
      </aside>
      <section className="flex min-h-0 min-w-0 flex-1 flex-col">
        <div className="flex items-center gap-3 border-b border-line px-3 py-2">
          <div
            className="h-12 w-12 shrink-0 overflow-hidden rounded-full border border-line md:hidden"
            aria-hidden="true"
          >
            {!desktop && <AvatarPanel compact />}
          </div>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium">{title ?? `Chat with ${agentName}`}</p>
          </div>
          <div className="hidden sm:block">
            <SpeakToggle />
          </div>
          <button
            type="button"
            onClick={() => setListOpen(true)}
            className="rounded-lg px-2 py-1 text-sm text-muted hover:bg-surface-2 hover:text-fg xl:hidden"
          >
            Conversations
          </button>
        </div>
        <MessageList messages={messages} loading={loading} />
        <Composer value={draft} onChange={setDraft} extra={<DictateButton onText={appendDictation} />} />
      </section>
      <Dialog title="Conversations" open={listOpen} onClose={closeList}>
        <div className="-mx-2 max-h-[60vh]">
          <ConversationList onPicked={closeList} />
        </div>
      </Dialog>
    </div>
  );
}
