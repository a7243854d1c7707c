import { useCallback, useEffect } from "react";
import { cfg, loadConfig, setTab, type Tab, useConfigStore, useStatusStore, useUiStore } from "../../stores";
import { CharacterView } from "../character";
import { ChatView } from "../chat";
import { KnowledgeView } from "../knowledge";
import { LogsView } from "../logs";
import { ModelsView } from "../models";
import { OnboardingView } from "../onboarding";
import { PluginsView } from "../plugins";
import { SettingsView } from "../settings";
import { useSpeakReplies } from "../speech";
import { Nav } from "./nav";
import { RestartBanner } from "./restart-banner";
import { StatusBar } from "./status-bar";
import { Toasts } from "./toasts";
import { TokenDialog } from "./token-dialog";
import { useApplyTheme, useComposerHotkey } from "./use-theme";

const VIEWS: Record<Tab, () => React.ReactNode> = {
  chat: () => <ChatView />,
  character: () => <CharacterView />,
  knowledge: () => <KnowledgeView />,
  models: () => <ModelsView />,
  plugins: () => <PluginsView />,
  logs: () => <LogsView />,
  settings: () => <SettingsView />,
};

/**
 * The whole dashboard. It renders at once (no waiting for the backend); the
 * status bar says what the server is doing. First run shows onboarding
 * instead of the tabs once the config says onboardingCompleted=false.
 */
export function AppShell() {
  useApplyTheme();
  useSpeakReplies();
  useComposerHotkey(useCallback(() => setTab("chat"), []));
  const tab = useUiStore((s) => s.tab);
  const view = useConfigStore((s) => s.view);
  const reachable = useStatusStore((s) => s.status !== null);

  // Load config as soon as the server answers (it decides onboarding).
  useEffect(() => {
    if (reachable && !view) loadConfig().catch(() => {});
  }, [reachable, view]);

  const onboarding = view !== null && cfg(view, "ui", "onboardingCompleted") === false;

  return (
    <div className="flex h-full flex-col bg-bg text-fg">
      <StatusBar />
      <RestartBanner />
      {onboarding ? (
        <main className="min-h-0 flex-1 overflow-y-auto">
          <OnboardingView />
        </main>
      ) : (
        <div className="flex min-h-0 flex-1">
          <Nav />
          <main
            className={`min-h-0 min-w-0 flex-1 ${tab === "chat" || tab === "logs" ? "overflow-hidden pb-14 md:pb-0" : "overflow-y-auto"}`}
            role="tabpanel"
          >
            {VIEWS[tab]()}
          </main>
        </div>
      )}
      <TokenDialog />
      <Toasts />
    </div>
  );
}
