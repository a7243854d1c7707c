import { useEffect } from "react";
import type { SettingsSection } from "../../../src-shared/protocol/deep-link";
import { inDesktopApp, loadConfig, useConfigStore, useConnectionStore } from "../../stores";
import { PairPhone, ThisPhone } from "../pairing";
import { Button, Card, ErrorNote, Page } from "../shell/ui";
import { SpeakToggle } from "../speech";
import { ArchiveCard } from "./archive-card";
import { AutonomyCard } from "./autonomy-card";
import { ConnectorsCard } from "./connectors-card";
import { DesktopSettings } from "./desktop-settings";
import { McpCard } from "./mcp-card";
import { TokenForm } from "./token-form";
import { UpdatesCard } from "./updates-card";
import { sectionId, useSectionFromLink } from "./use-section-from-link";

/** Downloads the effective config (secrets are already masked by the server) as milady-config.json. */
function exportConfig(config: unknown) {
  const blob = new Blob([JSON.stringify(config, null, 2)], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = "milady-config.json";
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function SettingsView() {
  const { view, error } = useConfigStore();
  const desktop = inDesktopApp();
  // A paired phone is not the owner: LAN access and pairing are the desktop's (owner-only routes).
  const paired = useConnectionStore((s) => s.paired);
  useEffect(() => {
    // The config, the server and updates are the owner's (GET /api/config answers a phone 403).
    if (!paired) loadConfig().catch(() => {});
  }, [paired]);
  const highlighted = useSectionFromLink(view !== null || error !== null);
  const anchor = (section: SettingsSection) => ({
    id: sectionId(section),
    className: highlighted === section ? "ring-2 ring-accent" : "",
  });

  const rows: [string, string | undefined][] = view
    ? [
        ["State directory", view.paths.stateDir],
        ["Config file", view.paths.configFile],
        ["Secrets (.env)", view.paths.envFile],
        ["Models", view.paths.modelsDir],
        ["Database", view.paths.dataDir],
        ["Avatars", view.paths.avatarsDir],
        ["Logs", view.paths.logsDir],
      ]
    : [];

  return (
    <Page title="Settings">
      {!paired && (
        <Card title={desktop ? "API token" : "API token for this browser"} {...anchor("token")}>
          {desktop ? (
            <p className="text-sm text-muted">
              The desktop app hands this window its token when the server needs one: there is nothing to paste here. A
              browser or a script gets it with <code className="font-mono text-fg">milady token</code>.
            </p>
          ) : (
            <TokenForm />
          )}
        </Card>
      )}
      <Card title="Voice" {...anchor("voice")}>
        <SpeakToggle />
      </Card>
      {desktop && view && (
        <Card title="Desktop app" {...anchor("desktop")}>
          <DesktopSettings closeToTray={view.config.desktop.closeToTray} />
        </Card>
      )}
      {!paired && <ConnectorsCard />}
      {!paired && <McpCard />}
      {!paired && <UpdatesCard />}
      {!paired && <AutonomyCard />}
      {!paired && <ArchiveCard />}
      {!paired && error && <ErrorNote error={{ message: error }} onRetry={() => void loadConfig().catch(() => {})} />}
      {!paired && view && (
        <>
          <Card title="Server" {...anchor("server")}>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-muted">Port</dt>
              <dd className="font-mono">
                {view.config.server.port === 0
                  ? `0: a free one each start (now ${globalThis.location?.port || "?"})`
                  : view.config.server.port}
              </dd>
              <dt className="text-muted">Bind address</dt>
              <dd className="font-mono">{view.config.server.bind}</dd>
            </dl>
            <p className="mt-2 text-xs text-muted">
              Change these with <code className="font-mono text-fg">milady config</code> or flags; they apply at the
              next server start.
            </p>
          </Card>
          <Card
            title="Data locations"
            {...anchor("data")}
            actions={<Button onClick={() => exportConfig(view.config)}>Export config</Button>}
          >
            <dl className="grid gap-y-2 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
              {rows.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-muted">{k}</dt>
                  <dd className="font-mono text-xs break-all sm:text-sm">{v}</dd>
                </div>
              ))}
            </dl>
          </Card>
        </>
      )}
      <Card title={paired ? "This phone" : "Pair a phone"} {...anchor("pair")}>
        {paired ? <ThisPhone /> : <PairPhone />}
      </Card>
    </Page>
  );
}
