import { useCallback, useEffect, useState } from "react";
import type { McpServerInfo } from "../../../src-shared/contracts";
import { getApi, useStatusStore } from "../../stores";
import { Badge, Button, Card, ErrorNote, errorInfo, Field, Input, TextArea } from "../shell/ui";
import { restartAgent } from "./connectors-card";

type Tone = "ok" | "warn" | "danger" | "muted" | "accent";
const STATUS: Record<McpServerInfo["status"], { label: string; tone: Tone }> = {
  disabled: { label: "Off", tone: "muted" },
  installing: { label: "Installing plugin-mcp", tone: "accent" },
  restart_required: { label: "Restart needed", tone: "warn" },
  connecting: { label: "Connecting", tone: "accent" },
  connected: { label: "Connected", tone: "ok" },
  failed: { label: "Failed", tone: "danger" },
};
const MOVING: readonly McpServerInfo["status"][] = ["installing", "connecting"];
const POLL_MS = 1500;

type McpList = Awaited<ReturnType<ReturnType<typeof getApi>["connectors"]["mcpList"]>>;

/** "KEY=value" lines into an env object; a line without "=" is an error the form shows. */
export function parseEnvLines(text: string): { env: Record<string, string>; bad?: string } {
  const env: Record<string, string> = {};
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line) continue;
    const at = line.indexOf("=");
    if (at <= 0) return { env, bad: line };
    env[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return { env };
}

function ServerRow({ server, onRemove }: { server: McpServerInfo; onRemove(): void }) {
  const state = STATUS[server.status];
  return (
    <li
      className="flex flex-col gap-2 border-t border-line pt-3 first:border-t-0 first:pt-0"
      data-testid={`mcp-${server.name}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold">{server.name}</h3>
        <Badge tone={state.tone}>{state.label}</Badge>
        <code className="min-w-0 flex-1 truncate font-mono text-xs text-muted">
          {[server.command, ...server.args].join(" ")}
        </code>
        <Button variant="ghost" onClick={onRemove} aria-label={`Remove ${server.name}`}>
          Remove
        </Button>
      </div>
      {server.reason && (
        <p className={`text-sm ${server.status === "failed" ? "text-danger" : "text-muted"}`}>{server.reason}</p>
      )}
      {server.tools.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm text-muted">{server.tools.length} tools</summary>
          <ul className="mt-2 flex flex-col gap-1 text-sm">
            {server.tools.map((t) => (
              <li key={t.name}>
                <code className="font-mono text-xs">{t.name}</code>
                {t.description && <span className="text-muted"> — {t.description}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

function AddServerForm({ onSaved }: { onSaved(list: McpList): void }) {
  const [name, setName] = useState("");
  const [command, setCommand] = useState("");
  const [args, setArgs] = useState("");
  const [envText, setEnvText] = useState("");
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { env, bad } = parseEnvLines(envText);
    if (bad) {
      setError({
        message: `"${bad}" is not KEY=value`,
        fix: "One variable per line, e.g. MEMORY_FILE_PATH=/tmp/memory.jsonl",
      });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const argv = args
        .split("\n")
        .map((a) => a.trim())
        .filter(Boolean);
      onSaved(
        await getApi().connectors.mcpSet({
          params: { name: name.trim() },
          body: { command: command.trim(), args: argv, env },
        }),
      );
      setName("");
      setCommand("");
      setArgs("");
      setEnvText("");
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="mt-4 grid gap-3 border-t border-line pt-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label="Name" htmlFor="mcp-name" hint="Letters, digits, - and _.">
        <Input id="mcp-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="memory" />
      </Field>
      <Field label="Command" htmlFor="mcp-command" hint="Started over stdio, e.g. npx or node.">
        <Input id="mcp-command" value={command} onChange={(e) => setCommand(e.target.value)} placeholder="npx" />
      </Field>
      <Field label="Arguments" htmlFor="mcp-args" hint="One per line.">
        <TextArea
          id="mcp-args"
          rows={2}
          value={args}
          onChange={(e) => setArgs(e.target.value)}
          placeholder={"-y\n@modelcontextprotocol/server-memory"}
        />
      </Field>
      <Field label="Environment" htmlFor="mcp-env" hint="KEY=value, one per line (kept in milady.json).">
        <TextArea id="mcp-env" rows={2} value={envText} onChange={(e) => setEnvText(e.target.value)} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary" disabled={busy || !name.trim() || !command.trim()}>
          {busy ? "Saving…" : "Add server"}
        </Button>
      </div>
      {error && (
        <div className="sm:col-span-2">
          <ErrorNote error={error} />
        </div>
      )}
    </form>
  );
}

/** Settings > MCP servers: stdio servers for @elizaos/plugin-mcp, their state and tools. */
export function McpCard() {
  const [list, setList] = useState<McpList | null>(null);
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const agentState = useStatusStore((s) => s.status?.state);
  const load = useCallback(async () => {
    try {
      setList(await getApi().connectors.mcpList());
      setError(null);
    } catch (e) {
      setError(errorInfo(e));
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a (re)start changes what the agent reports
  useEffect(() => {
    void load();
  }, [load, agentState]);
  const moving = list?.servers.some((s) => MOVING.includes(s.status)) ?? false;
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [moving, load]);
  const remove = async (name: string) => {
    try {
      setList(await getApi().connectors.mcpRemove({ params: { name } }));
    } catch (e) {
      setError(errorInfo(e));
    }
  };
  const needsRestart = list?.servers.some((s) => s.status === "restart_required") && agentState === "running";

  return (
    <Card title="MCP servers" id="settings-mcp">
      <p className="mb-4 text-sm text-muted">
        Tools from Model Context Protocol servers the agent can call (through @elizaos/plugin-mcp, installed the first
        time a server is added). A server that fails is shown here and never stops the agent.
      </p>
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      {list?.plugin.error && (
        <ErrorNote error={{ message: `plugin-mcp could not be installed: ${list.plugin.error}` }} />
      )}
      {list && list.servers.length === 0 && <p className="text-sm text-muted">No MCP servers yet.</p>}
      {list && list.servers.length > 0 && (
        <ul className="flex flex-col gap-3">
          {list.servers.map((s) => (
            <ServerRow key={s.name} server={s} onRemove={() => void remove(s.name)} />
          ))}
        </ul>
      )}
      {needsRestart && (
        <div className="mt-3 flex items-center gap-3 text-sm">
          <span className="text-muted">Restart the agent to connect the saved servers.</span>
          <Button variant="primary" onClick={() => void restartAgent()}>
            Restart agent
          </Button>
        </div>
      )}
      <AddServerForm onSaved={setList} />
    </Card>
  );
}
