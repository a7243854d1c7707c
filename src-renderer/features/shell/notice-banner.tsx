import { useState } from "react";
import type { Notice } from "../../../src-shared/protocol/notices";
import { getApi, refreshStatus, toast, useStatusStore } from "../../stores";
import { Button } from "./ui";
import { useMedia } from "./use-media";

const NONE: Notice[] = [];

/**
 * What happened while nobody may have watched (a repaired or replaced database, and where its
 * backup is). The server keeps each notice until it is acknowledged here, so it survives
 * reloads and restarts; "OK, got it" is the only way to make it go.
 */
export function NoticeBanner() {
  const notices = useStatusStore((s) => s.status?.notices ?? NONE);
  if (notices.length === 0) return null;
  return (
    <section aria-label="Notices" className="border-b border-warn/30 bg-warn/10">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} />
      ))}
    </section>
  );
}

/**
 * Wide screens show everything; a phone shows what happened and the button, with the backup
 * and the fix one tap away (in full they took ~320 px of an 844 px screen).
 */
function NoticeItem({ notice }: { notice: Notice }) {
  const wide = useMedia("(min-width: 768px)");
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const acknowledge = async () => {
    setBusy(true);
    try {
      await getApi().notices.ack({ params: { id: notice.id } });
      await refreshStatus();
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      toast("error", `Could not dismiss the notice: ${err.message}`, err.fix);
    } finally {
      setBusy(false);
    }
  };
  const hasDetails = !!(notice.path || notice.fix);
  const showDetails = wide || open;
  return (
    <div
      role="alert"
      data-testid="notice"
      className="flex flex-col gap-2 px-4 py-2.5 text-sm md:flex-row md:items-start md:gap-4 [&+&]:border-t [&+&]:border-warn/20"
    >
      <div className="min-w-0 flex-1 space-y-1">
        <p className="font-medium text-warn">
          {notice.title}
          <time className="ml-2 text-xs font-normal text-muted" dateTime={new Date(notice.at).toISOString()}>
            {new Date(notice.at).toLocaleString()}
          </time>
        </p>
        <p>{notice.message}</p>
        {showDetails && notice.path && (
          <p className="text-muted">
            Backup: <code className="select-all break-all text-fg">{notice.path}</code>
          </p>
        )}
        {showDetails && notice.fix && <p className="text-muted">{notice.fix}</p>}
      </div>
      <div className="flex items-center gap-2 self-start">
        <Button variant="primary" disabled={busy} onClick={() => void acknowledge()}>
          OK, got it
        </Button>
        {!wide && hasDetails && (
          <Button variant="ghost" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? "Hide details" : "Details"}
          </Button>
        )}
      </div>
    </div>
  );
}
