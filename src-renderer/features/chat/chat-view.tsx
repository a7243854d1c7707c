import { useCallback, useEffect, useRef, useState } from "react";
import { AvatarPanel } from "../../avatar-panel";
import {
  openConversation,
  prefillComposer,
  setAvatarStrip,
  useChatStore,
  useStatusStore,
  useUiStore,
} from "../../stores";
import { CharacterPicture } from "../character/character-picture";
import { Dialog } from "../shell/dialog";
import { TabIcon } from "../shell/icons";
import { useMedia } from "../shell/use-media";
import { DictateButton, DictationNotice, SpeakToggle, useDictation } from "../speech";
import { Composer } from "./composer";
import { ConversationList } from "./conversation-list";
import { MessageList } from "./message-list";

const EMPTY: never[] = [];
/** A figure in a frame: the phone's show/hide-avatar toggle. */
const AVATAR_ICON = "M4 4h16v16H4zM12 8a2.5 2.5 0 1 0 0 .01M7.5 20c.6-3.2 2.3-5 4.5-5s3.9 1.8 4.5 5";

/**
 * Desktop: [avatar | conversations | messages]. Phone: the avatar in a strip above the
 * messages (head to hips, about a third of the screen; the user can fold it away, and it
 * folds itself when the screen is too short, e.g. with the keyboard open); conversations
 * open in a dialog.
 */
export function ChatView() {
  const activeId = useChatStore((s) => s.activeId);
  const conversations = useChatStore((s) => s.conversations);
  const messages = useChatStore((s) => (s.activeId ? (s.messages[s.activeId] ?? EMPTY) : EMPTY));
  const loading = useChatStore((s) => (s.activeId ? !!s.historyLoading[s.activeId] : false));
  const agentName = useStatusStore((s) => s.status?.agentName ?? "Milady");
  const stripOpen = useUiStore((s) => s.avatarStripOpen);
  const desktop = useMedia("(min-width: 768px)");
  const roomForStrip = useMedia("(min-height: 560px)");
  const [draft, setDraft] = useState("");
  const [listOpen, setListOpen] = useState(false);
  const closeList = useCallback(() => setListOpen(false), []);
  const title = conversations.find((c) => c.id === activeId)?.title;

  // Open the most recent conversation on first visit, so history is on screen without a click;
  // only once: after the open one is deleted the view stays empty rather than jumping to another.
  const autoOpened = useRef(false);
  useEffect(() => {
    if (activeId) autoOpened.current = true;
    else if (!autoOpened.current && conversations[0]) {
      autoOpened.current = true;
      void openConversation(conversations[0].id).catch(() => {});
    }
  }, [activeId, conversations]);

  // A link's text lands in the composer, unsent: the user reads it and decides.
  const prefill = useUiStore((s) => s.composerPrefill);
  useEffect(() => {
    if (!prefill) return;
    setDraft(prefill.text);
    prefillComposer(null);
    document.getElementById("composer")?.focus();
  }, [prefill]);

  const appendDictation = useCallback((t: string) => setDraft((d) => (d ? `${d} ${t}` : t)), []);
  const dictation = useDictation(appendDictation);
  const showStrip = !desktop && roomForStrip && stripOpen;

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
        <div className="flex items-center gap-2 border-b border-line py-1.5 pr-2 pl-4">
          <CharacterPicture alt={agentName} />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium">{title ?? `Chat with ${agentName}`}</p>
          </div>
          <div className="hidden sm:block">
            <SpeakToggle />
          </div>
          {!desktop && roomForStrip && (
            <button
              type="button"
              aria-label={stripOpen ? "Hide avatar" : "Show avatar"}
              aria-pressed={stripOpen}
              onClick={() => setAvatarStrip(!stripOpen)}
              className={`grid h-10 w-10 place-items-center rounded-lg hover:bg-surface-2 ${stripOpen ? "text-accent" : "text-muted"}`}
            >
              <TabIcon path={AVATAR_ICON} className="h-5 w-5" />
            </button>
          )}
          <button
            type="button"
            onClick={() => setListOpen(true)}
            className="min-h-10 rounded-lg px-2 text-sm text-muted hover:bg-surface-2 hover:text-fg xl:hidden"
          >
            Conversations
          </button>
        </div>
        {showStrip && (
          <aside
            className="h-[clamp(180px,32dvh,320px)] shrink-0 border-b border-line"
            aria-label="Avatar"
            data-testid="avatar-strip"
          >
            <AvatarPanel />
          </aside>
        )}
        <MessageList messages={messages} loading={loading} />
        <Composer
          value={draft}
          onChange={setDraft}
          extra={<DictateButton dictation={dictation} />}
          notice={<DictationNotice dictation={dictation} />}
        />
      </section>
      <Dialog title="Conversations" open={listOpen} onClose={closeList}>
        <div className="-mx-2 max-h-[60vh]">
          <ConversationList onPicked={closeList} />
        </div>
      </Dialog>
    </div>
  );
}
