import { useEffect, useState } from "react";
import { getToken, loadConfig, reconnectSession, saveToken, toast, useConfigStore } from "../../stores";
import { Button, Card, ErrorNote, Input, Page } from "../shell/ui";
import { SpeakToggle } from "../speech";
import { UpdatesCard } from "./updates-card";

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
  const [token, setToken] = useState("");
  const hasToken = !!getToken();
  useEffect(() => {
    loadConfig().catch(() => {});
  }, []);

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
      <Card title="API token for this browser">
        <p className="mb-3 text-sm text-muted">
          Needed when the server sets MILADY_API_TOKEN (e.g. when reached over the LAN). Stored in this browser only.{" "}
          {hasToken ? "A token is saved." : "No token saved."}
        </p>
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            saveToken(token.trim() || null);
            setToken("");
            toast("success", "Token saved.");
            reconnectSession();
          }}
        >
          <Input
            type="password"
            aria-label="API token"
            autoComplete="off"
            placeholder="Paste token"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <Button type="submit" variant="primary" disabled={!token.trim()}>
            Save
          </Button>
          {hasToken && (
            <Button
              variant="ghost"
              onClick={() => {
                saveToken(null);
                toast("info", "Token removed.");
                reconnectSession();
              }}
            >
              Forget
            </Button>
          )}
        </form>
      </Card>
      <Card title="Voice">
        <SpeakToggle />
      </Card>
      <UpdatesCard />
      {error && <ErrorNote error={{ message: error }} onRetry={() => void loadConfig().catch(() => {})} />}
      {view && (
        <>
          <Card title="Server">
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-muted">Port</dt>
              <dd className="font-mono">{view.config.server.port}</dd>
              <dt className="text-muted">Bind address</dt>
              <dd className="font-mono">{view.config.server.bind}</dd>
            </dl>
            <p className="mt-2 text-xs text-muted">
              Change these with `milady config` or flags; they apply at the next server start.
            </p>
          </Card>
          <Card
            title="Data locations"
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
    </Page>
  );
}
