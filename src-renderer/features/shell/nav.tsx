import { setTab, useUiStore } from "../../stores";
import type { Feature } from "../feature";
import { FEATURES, featureById } from "../registry";
import { TabIcon } from "./icons";

/**
 * Sidebar on desktop, bottom bar on phones. In the bar each tab is as wide as its label
 * plus an equal share of the spare width (flex: 1 1 auto), so long labels ("Character",
 * "Knowledge") get the room they need and every pair of labels has the same clear gap;
 * with 7 equal cells of 55 px those two touched. Cells stay at least 44 px wide and 48 px
 * tall (touch targets; 44 rather than 48 wide leaves room for 8 tabs); a label that still does not fit on a very narrow screen is cut with
 * an ellipsis rather than running into its neighbour.
 */
export function Nav() {
  const tab = featureById(useUiStore((s) => s.tab)).id;
  const item = ({ id: t, label, icon }: Feature, mobile: boolean) => (
    <button
      key={t}
      type="button"
      role="tab"
      aria-selected={tab === t}
      aria-label={label}
      onClick={() => setTab(t)}
      className={
        mobile
          ? `flex min-h-12 min-w-11 flex-auto flex-col items-center justify-center gap-0.5 px-0.5 text-[10px] tracking-tight ${tab === t ? "text-accent" : "text-muted"}`
          : `flex items-center gap-3 rounded-lg px-3 py-2 text-sm transition ${tab === t ? "bg-surface-2 text-fg" : "text-muted hover:bg-surface-2/60 hover:text-fg"}`
      }
    >
      <TabIcon path={icon} className={mobile ? "h-5 w-5" : "h-4.5 w-4.5"} />
      <span className={mobile ? "max-w-full truncate" : undefined} data-nav-label>
        {label}
      </span>
    </button>
  );
  return (
    <>
      <nav aria-label="Sections" className="hidden w-52 shrink-0 border-r border-line p-3 md:block">
        <div role="tablist" aria-orientation="vertical" className="flex flex-col gap-1">
          {FEATURES.map((f) => item(f, false))}
        </div>
      </nav>
      <nav
        aria-label="Sections"
        className="fixed inset-x-0 bottom-0 z-40 border-t border-line bg-surface/95 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden"
      >
        <div role="tablist" className="flex">
          {FEATURES.map((f) => item(f, true))}
        </div>
      </nav>
    </>
  );
}
