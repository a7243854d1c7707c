import { useConnectionStore } from "../../stores";
import { ConnectView, OfflineView } from "../connect";
import { AppShell } from "./app-shell";
import { useApplyTheme } from "./use-theme";

/** The page: the dashboard once it reaches Milady; on a phone, Connect or the offline screen until then. */
export function AppRoot() {
  useApplyTheme();
  const screen = useConnectionStore((s) => s.screen);
  if (screen === "dashboard") return <AppShell />;
  if (screen === "connect") return <ConnectView />;
  return <OfflineView />;
}
