import { type ReactNode, useState } from "react";
import { MAX_MESSAGE_CHARS } from "../../../src-shared/protocol/conversations";
import { sendMessage, toast, useStatusStore } from "../../stores";
import { Button } from "../shell/ui";

/**
 * Enter sends, Shift+Enter adds a line. `extra` holds speech controls when the browser
 * supports them; `notice` is shown above the field (e.g. why dictation failed).
 */
export function Composer({
  extra,
  notice,
  value,
  onChange,
}: {
  extra?: ReactNode;
  notice?: ReactNode;
  value: string;
  onChange: (v: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const agentName = useStatusStore((s) => s.status?.agentName ?? "Milady");
  const submit = async () => {
    const text = value.trim();
    if (!text || busy) return;
    if (text.length > MAX_MESSAGE_CHARS) {
      toast(
        "error",
        `Message is ${text.length} characters; the limit is ${MAX_MESSAGE_CHARS}.`,
        "Shorten it or upload it under Knowledge.",
      );
      return;
    }
    onChange("");
    setBusy(true);
    try {
      await sendMessage(text);
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      onChange(text);
      toast("error", err.message ?? String(e), err.fix);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="border-t border-line bg-bg/80 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {notice}
      <div className="mx-auto flex max-w-3xl items-end gap-2 rounded-2xl border border-line bg-surface p-1.5 focus-within:border-accent">
        <textarea
          id="composer"
          data-testid="composer"
          aria-label="Message"
          rows={1}
          placeholder={`Message ${agentName}…`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
          className="max-h-40 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-[15px] text-fg placeholder:text-muted/70 focus:outline-none focus-visible:outline-none"
        />
        {extra}
        <Button variant="primary" type="submit" disabled={!value.trim()} aria-label="Send">
          Send
        </Button>
      </div>
    </form>
  );
}
