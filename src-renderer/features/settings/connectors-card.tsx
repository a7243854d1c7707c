import { useCallback, useEffect, useState } from "react";
import type { ConnectorInfo, ConnectorStatus, ConnectorTestResult } from "../../../src-shared/contracts";
import { getApi, refreshStatus, toast, useStatusStore } from "../../stores";
import { Badge, Button, Card, ErrorNote, errorInfo, Input } from "../shell/ui";

type Tone = "ok" | "warn" | "danger" | "muted" | "accent";
const STATUS: Record<ConnectorStatus, { label: string; tone: Tone }> = {
  not_configured: { label: "Not configured", tone: "muted" },
  installing: { label: "Installing", tone: "accent" },
  restart_required: { label: "Restart needed", tone: "warn" },
  connecting: { label: "Connecting", tone: "accent" },
  connected: { label: "Connected", tone: "ok" },
  failed: { label: "Failed", tone: "danger" },
  disabled: { label: "Off", tone: "muted" },
};
/** States that change on their own: the card asks again until they settle. */
const MOVING: readonly ConnectorStatus[] = ["installing", "connecting"];
const POLL_MS = 1500;

const TOKEN_HINT: Record<string, string> = {
  telegram: "From @BotFather in Telegram (/newbot), like 123456:ABC…",
  discord: "Discord Developer Portal: your application, then Bot, then Reset Token.",
};

export async function restartAgent() {
  try {
    await getApi().agent.restart();
    await refreshStatus();
  } catch (e) {
    const err = errorInfo(e);
    toast("error", `Restart failed: ${err.message}`, err.fix);
  }
}

function ConnectorRow({ connector, onChange }: { connector: ConnectorInfo; onChange(c: ConnectorInfo): void }) {
  const [token, setToken] = useState("");
  const [appId, setAppId] = useState("");
  const [busy, setBusy] = useState<"save" | "test" | "remove" | null>(null);
  const [test, setTest] = useState<ConnectorTestResult | null>(null);
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const agentRunning = useStatusStore((s) => s.status?.state === "running");
  const { id } = connector;
  const tokenKey = Object.keys(connector.secrets)[0];
  const savedToken = connector.secrets[tokenKey];
  const state = STATUS[connector.status];
  const fieldId = `connector-${id}-token`;

  const run = async (what: "save" | "test" | "remove", fn: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(null);
    }
  };
  const save = () =>
    run("save", async () => {
      const body = {
        ...(token.trim() ? { token: token.trim() } : {}),
        ...(appId.trim() ? { applicationId: appId.trim() } : {}),
      };
      const r = await getApi().connectors.configure({ params: { id }, body });
      setToken("");
      setAppId("");
      setTest(null);
      onChange(r.connector);
    });
  const testNow = () =>
    run("test", async () => {
      setTest(await getApi().connectors.test({ params: { id }, body: token.trim() ? { token: token.trim() } : {} }));
    });
  const remove = () =>
    run("remove", async () => {
      if (!globalThis.confirm?.(`Remove ${connector.label}? Its token is deleted.`)) return;
      const r = await getApi().connectors.remove({ params: { id } });
      setTest(null);
      onChange(r.connector);
    });

  return (
    <li
      className="flex flex-col gap-3 border-t border-line pt-4 first:border-t-0 first:pt-0"
      data-testid={`connector-${id}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold">{connector.label}</h3>
        <Badge tone={state.tone}>{state.label}</Badge>
        {connector.botName && <span className="text-sm text-muted">as {connector.botName}</span>}
        {connector.installedVersion && (
          <span className="ml-auto text-xs text-muted">
            {connector.plugin} {connector.installedVersion}
          </span>
        )}
      </div>
      {connector.reason && (
        <p className={`text-sm ${connector.status === "failed" ? "text-danger" : "text-muted"}`} data-testid="reason">
          {connector.reason}
        </p>
      )}
      {connector.status === "installing" && (
        <p className="text-xs text-muted" role="status">
          Installing {connector.plugin}: {connector.progress}
        </p>
      )}
      <form
        className="flex flex-col gap-2 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="flex flex-1 flex-col gap-1.5">
          <label htmlFor={fieldId} className="text-sm font-medium">
            {tokenKey}
          </label>
          <Input
            id={fieldId}
            type="password"
            autoComplete="off"
            placeholder={savedToken ? `Saved (${savedToken}); paste to replace` : "Paste the bot token"}
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <p className="text-xs text-muted">{TOKEN_HINT[id]}</p>
        </div>
        {id === "discord" && (
          <div className="flex flex-col gap-1.5 sm:w-48">
            <label htmlFor="connector-discord-app" className="text-sm font-medium">
              Application ID
            </label>
            <Input
              id="connector-discord-app"
              inputMode="numeric"
              placeholder={connector.secrets.DISCORD_APPLICATION_ID ? "Saved" : "Numbers only"}
              value={appId}
              onChange={(e) => setAppId(e.target.value)}
            />
            <p className="text-xs text-muted">Text only: voice needs a native module Milady does not build.</p>
          </div>
        )}
        <div className="flex flex-wrap gap-2 sm:pb-5">
          <Button type="submit" variant="primary" disabled={busy !== null || (!token.trim() && !connector.configured)}>
            {busy === "save" ? "Saving…" : "Save"}
          </Button>
          <Button onClick={() => void testNow()} disabled={busy !== null || (!token.trim() && !savedToken)}>
            {busy === "test" ? "Testing…" : "Test Connection"}
          </Button>
          {connector.configured && (
            <Button variant="danger" onClick={() => void remove()} disabled={busy !== null}>
              Remove
            </Button>
          )}
        </div>
      </form>
      {test && (
        <p
          role="status"
          data-testid="test-result"
          className={`text-sm ${test.result === "ok" ? "text-ok" : "text-danger"}`}
        >
          {test.result === "ok" ? "✓ " : test.result === "rejected" ? "Token rejected: " : "Unreachable: "}
          {test.message}
        </p>
      )}
      {connector.status === "restart_required" && agentRunning && (
        <div className="flex items-center gap-3 text-sm">
          <span className="text-muted">The running agent does not have this change yet.</span>
          <Button variant="primary" onClick={() => void restartAgent()}>
            Restart agent
          </Button>
        </div>
      )}
      {error && <ErrorNote error={error} />}
    </li>
  );
}

/** Settings > Connectors: Telegram and Discord, each with its token, Test Connection and its state. */
export function ConnectorsCard() {
  const [connectors, setConnectors] = useState<ConnectorInfo[] | null>(null);
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const load = useCallback(async () => {
    try {
      setConnectors((await getApi().connectors.list()).connectors);
      setError(null);
    } catch (e) {
      setError(errorInfo(e));
    }
  }, []);
  const agentState = useStatusStore((s) => s.status?.state);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a (re)start changes what the agent reports
  useEffect(() => {
    void load();
  }, [load, agentState]);
  const moving = connectors?.some((c) => MOVING.includes(c.status)) ?? false;
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [moving, load]);

  return (
    <Card title="Connectors" id="settings-connectors">
      <p className="mb-4 text-sm text-muted">
        Let people talk to the agent from a chat app. Saving a token installs the connector's plugin (once) and asks for
        an agent restart; Test Connection checks the token with the service without saving it.
      </p>
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      {connectors && (
        <ul className="flex flex-col gap-4">
          {connectors.map((c) => (
            <ConnectorRow
              key={c.id}
              connector={c}
              onChange={(next) => setConnectors((all) => all?.map((x) => (x.id === next.id ? next : x)) ?? null)}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}
