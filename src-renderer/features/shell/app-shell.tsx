import { useCallback, useEffect } from "react";
import { loadConfig, setTab, useConfigStore, useStatusStore, useUiStore } from "../../stores";
import { OnboardingView } from "../onboarding";
import { featureById } from "../registry";
import { useSpeakReplies } from "../speech";
import { Nav } from "./nav";
import { NoticeBanner } from "./notice-banner";
import { RestartBanner } from "./restart-banner";
import { StatusBar } from "./status-bar";
import { Toasts } from "./toasts";
import { TokenDialog } from "./token-dialog";
import { useApplyTheme, useComposerHotkey } from "./use-theme";

/**
 * The whole dashboard. It renders at once (no waiting for the backend); the
 * status bar says what the server is doing. First run shows onboarding
 * instead of the tabs once the config says onboardingCompleted=false.
 */
export function AppShell() {
  useApplyTheme();
  useSpeakReplies();
  useComposerHotkey(useCallback(() => setTab("chat"), []));
  const feature = featureById(useUiStore((s) => s.tab));
  const view = useConfigStore((s) => s.view);
  const reachable = useStatusStore((s) => s.status !== null);

  // Load config as soon as the server answers (it decides onboarding).
  useEffect(() => {
    if (reachable && !view) loadConfig().catch(() => {});
  }, [reachable, view]);

  const onboarding = view !== null && !view.config.ui.onboardingCompleted;

  return (
    <div className="flex h-full flex-col bg-bg text-fg">
      <StatusBar />
      <NoticeBanner />
      <RestartBanner />
      {onboarding ? (
        <main className="min-h-0 flex-1 overflow-y-auto">
          <OnboardingView />
        </main>
      ) : (
        <div className="flex min-h-0 flex-1">
          <Nav />
          <main
            className={`min-h-0 min-w-0 flex-1 ${feature.layout === "fill" ? "overflow-hidden pb-14 md:pb-0" : "overflow-y-auto"}`}
            role="tabpanel"
          >
            <feature.View />
          </main>
        </div>
      )}
      <TokenDialog />
      <Toasts />
    </div>
  );
}
