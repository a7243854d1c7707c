import { setTab, TABS, type Tab, useUiStore } from "../../stores";
import { TabIcon } from "./icons";

export const TAB_LABEL: Record<Tab, string> = {
  chat: "Chat",
  character: "Character",
  knowledge: "Knowledge",
  models: "Models",
  plugins: "Plugins",
  logs: "Logs",
  settings: "Settings",
};

/** Sidebar on desktop, bottom bar on phones (7 tabs at 390 px = 55 px each, above the 44 px touch minimum). */
export function Nav() {
  const tab = useUiStore((s) => s.tab);
  const item = (t: Tab, mobile: boolean) => (
    <button
      key={t}
      type="button"
      role="tab"
      aria-selected={tab === t}
      aria-label={TAB_LABEL[t]}
      onClick={() => setTab(t)}
      className={
        mobile
          ? `flex min-h-12 flex-1 flex-col items-center justify-center gap-0.5 text-[10px] ${tab === t ? "text-accent" : "text-muted"}`
          : `flex items-center gap-3 rounded-lg px-3 py-2 text-sm transition ${tab === t ? "bg-surface-2 text-fg" : "text-muted hover:bg-surface-2/60 hover:text-fg"}`
      }
    >
      <TabIcon tab={t} className={mobile ? "h-5 w-5" : "h-4.5 w-4.5"} />
      <span>{TAB_LABEL[t]}</span>
    </button>
  );
  return (
    <>
      <nav aria-label="Sections" className="hidden w-52 shrink-0 border-r border-line p-3 md:block">
        <div role="tablist" aria-orientation="vertical" className="flex flex-col gap-1">
          {TABS.map((t) => item(t, false))}
        </div>
      </nav>
      <nav
        aria-label="Sections"
        className="fixed inset-x-0 bottom-0 z-40 border-t border-line bg-surface/95 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden"
      >
        <div role="tablist" className="flex">
          {TABS.map((t) => item(t, true))}
        </div>
      </nav>
    </>
  );
}
