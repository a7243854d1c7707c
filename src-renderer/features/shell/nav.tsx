import { useCallback, useRef, useState } from "react";
import { setTab, useUiStore } from "../../stores";
import type { Feature } from "../feature";
import { FEATURES, featureById } from "../registry";
import { TabIcon } from "./icons";
import { useDismiss } from "./use-dismiss";

const MORE_ICON = "M5 12h.01M12 12h.01M19 12h.01";

/**
 * Sidebar on desktop, bottom bar on phones. The bar holds the sections marked `phoneBar`
 * plus a "More" tab that opens a sheet with the rest: eight labelled cells do not fit in
 * 360 px with clear gaps (Character and Knowledge came 4 px apart). Each cell is as wide
 * as its label plus an equal share of the spare width (flex: 1 1 auto), at least 44 px
 * wide and 48 px tall (touch targets). While a section from the sheet is open, More is
 * the selected tab, so the bar always shows where the user is.
 */
export function Nav() {
  const tab = featureById(useUiStore((s) => s.tab)).id;
  const [sheetOpen, setSheetOpen] = useState(false);
  const more = useRef<HTMLDivElement>(null);
  const closeSheet = useCallback(() => setSheetOpen(false), []);
  useDismiss(more, sheetOpen, closeSheet);
  const inBar = FEATURES.filter((f) => f.phoneBar);
  const inSheet = FEATURES.filter((f) => !f.phoneBar);
  const open = (id: string) => {
    setSheetOpen(false);
    setTab(id);
  };

  const sidebarItem = ({ id, label, icon }: Feature) => (
    <button
      key={id}
      type="button"
      role="tab"
      aria-selected={tab === id}
      aria-label={label}
      onClick={() => open(id)}
      className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm transition ${tab === id ? "bg-surface-2 text-fg" : "text-muted hover:bg-surface-2/60 hover:text-fg"}`}
    >
      <TabIcon path={icon} className="h-4.5 w-4.5" />
      <span data-nav-label>{label}</span>
    </button>
  );
  const barCell = (id: string, label: string, icon: string, selected: boolean, onClick: () => void, extra = {}) => (
    <button
      key={id}
      type="button"
      role="tab"
      aria-selected={selected}
      aria-label={label}
      onClick={onClick}
      className={`flex min-h-12 min-w-11 flex-auto flex-col items-center justify-center gap-0.5 px-0.5 text-[10px] tracking-tight ${selected ? "text-accent" : "text-muted"}`}
      {...extra}
    >
      <TabIcon path={icon} className="h-5 w-5" />
      <span className="max-w-full truncate" data-nav-label>
        {label}
      </span>
    </button>
  );
  const sheetSelected = inSheet.some((f) => f.id === tab);

  return (
    <>
      <nav aria-label="Sections" className="hidden w-52 shrink-0 border-r border-line p-3 md:block">
        <div role="tablist" aria-orientation="vertical" className="flex flex-col gap-1">
          {FEATURES.map(sidebarItem)}
        </div>
      </nav>
      <nav
        aria-label="Sections"
        className="fixed inset-x-0 bottom-0 z-40 border-t border-line bg-surface/95 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden"
      >
        <div ref={more}>
          {sheetOpen && (
            <div
              role="tablist"
              aria-label="More sections"
              className="absolute inset-x-2 bottom-full mb-2 grid grid-cols-2 gap-1 rounded-xl border border-line bg-surface p-2 shadow-xl"
            >
              {inSheet.map(({ id, label, icon }) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  aria-selected={tab === id}
                  aria-label={label}
                  onClick={() => open(id)}
                  className={`flex min-h-12 items-center gap-3 rounded-lg px-3 text-sm ${tab === id ? "bg-surface-2 text-accent" : "text-fg hover:bg-surface-2"}`}
                >
                  <TabIcon path={icon} className="h-5 w-5" />
                  <span>{label}</span>
                </button>
              ))}
            </div>
          )}
          <div role="tablist" className="flex">
            {inBar.map(({ id, label, icon }) => barCell(id, label, icon, tab === id, () => open(id)))}
            {inSheet.length > 0 &&
              barCell("more", "More", MORE_ICON, sheetSelected, () => setSheetOpen(!sheetOpen), {
                "aria-haspopup": "true",
                "aria-expanded": sheetOpen,
              })}
          </div>
        </div>
      </nav>
    </>
  );
}
