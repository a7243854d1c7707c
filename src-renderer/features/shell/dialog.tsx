import { type ReactNode, useEffect, useRef } from "react";
import { createPortal } from "react-dom";

/** Open dialogs, innermost last: Esc closes only the top one (a confirm opened from the phone's conversation list). */
const openDialogs: symbol[] = [];

/** Modal with focus moved inside, Esc to close and focus restored to the opener. */
export function Dialog({
  title,
  open,
  onClose,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>("input, button, textarea, select");
    first?.focus();
    const me = Symbol(title);
    openDialogs.push(me);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && openDialogs[openDialogs.length - 1] === me) {
        e.stopPropagation();
        onClose();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      openDialogs.splice(openDialogs.indexOf(me), 1);
      opener?.focus?.();
    };
  }, [open, onClose, title]);
  if (!open) return null;
  // On <body>: a dialog opened from inside another (animated, so transformed) one would
  // otherwise be positioned inside it instead of over the whole window.
  return createPortal(
    // biome-ignore lint/a11y/noStaticElementInteractions: backdrop click is a mouse convenience; Esc closes for keyboard users
    <div
      className="fixed inset-0 z-50 grid place-items-center bg-black/50 p-4"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        className="rise w-full min-w-0 max-w-md rounded-xl border border-line bg-surface p-5 shadow-2xl"
      >
        <h2 className="mb-3 text-base font-semibold">{title}</h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
