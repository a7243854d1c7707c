import type { Tab } from "../../stores";

/** 24px stroke icons (hand-drawn paths: an icon library would cost more than the whole dashboard). */
const PATHS: Record<Tab, string> = {
  chat: "M4 5h16v11H8l-4 4z",
  character: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0",
  knowledge: "M5 4h10l4 4v12H5zM15 4v4h4M8 12h8M8 16h6",
  models: "M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 12l8-4.5M12 12v9M12 12L4 7.5",
  plugins: "M9 3v4M15 3v4M6 7h12v5a6 6 0 0 1-12 0zM12 18v3",
  logs: "M4 6h16M4 10h16M4 14h10M4 18h7",
  settings:
    "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .2-1.3-1.3.2-2-3-1-1 2h-1.8l-1-2-3 1 .2 2L6 7.2 4 7 3 10l2 1v2l-2 1 1 3 2-.2 1.3 1.3-.2 2 3 1 1-2h1.8l1 2 3-1-.2-2 1.3-1.3 2 .2 1-3-2-1z",
};

export function TabIcon({ tab, className = "h-5 w-5" }: { tab: Tab; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
      aria-hidden="true"
    >
      <path d={PATHS[tab]} />
    </svg>
  );
}
