import { useEffect, useState } from "react";
import { isCorePlugin } from "../../../src-shared/protocol/plugins";
import { getApi, refreshStatus, toast, usePluginsStore, useStatusStore } from "../../stores";
import { Badge, Button, Card, ErrorNote, Page } from "../shell/ui";
import { PluginDetails } from "./plugin-details";
import { PluginSearch } from "./plugin-search";
import { pluginState, TOUCH } from "./plugin-state";

export { pluginState } from "./plugin-state";

/**
 * The plugins the agent loaded (or failed, or left out, and why), those installed or found in a
 * plugin directory that load at the next start, the npm search to install more, and each
 * plugin's settings. Every change makes the agent's restart pending: the shell's restart banner offers it.
 */
const PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

export function PluginsView() {
  const { plugins, loaded } = usePluginsStore();
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const load = () =>
    getApi()
      .plugins.list()
      .then((r) => {
        setError(null);
        usePluginsStore.setState({ plugins: r.plugins, loaded: true });
      })
      .catch((e) => setError(e));
  // What the agent loaded changes only when it starts: load on mount and after each (re)start, so a
  // list read while a restart was still on its way does not keep showing "Restart pending".
  const agentStartedAt = useStatusStore((s) => (s.status?.state === "running" ? s.status.startedAt : undefined));
  // biome-ignore lint/correctness/useExhaustiveDependencies: load on mount and when the agent started again
  useEffect(() => {
    void load();
  }, [agentStartedAt]);

  const toggle = async (name: string, enable: boolean) => {
    setBusy(name);
    try {
      const params = { params: { name } };
      const r = enable ? await getApi().plugins.enable(params) : await getApi().plugins.disable(params);
      if (r.restartRequired) void refreshStatus();
      toast(
        "success",
        `${name} ${enable ? "enabled" : "disabled"}.${r.restartRequired ? " Restart the agent to apply." : ""}`,
      );
      await load();
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      toast("error", `Could not change ${name}: ${err.message}`, err.fix);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page
      title="Plugins"
      description="What the agent loaded at its last start, and plugins to install from npm. Changes apply after a restart."
    >
      <PluginSearch
        onInstalled={(result) => {
          void load();
          setOpen(result.name);
        }}
      />
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      <Card title="Plugins">
        {loaded && plugins.length === 0 && (
          <p className="text-sm text-muted">No plugins reported. Start the agent to see them.</p>
        )}
        <ul className="divide-y divide-line">
          {plugins.map((p) => {
            const state = pluginState(p);
            // Denied and refused cannot be switched here; a missing load path is named by its path, not a package.
            const blocked = p.status === "denied" || p.status === "refused" || !PACKAGE_NAME.test(p.name);
            return (
              // A refused copy may share its name with the core plugin it would shadow.
              <li key={`${p.name}:${p.source ?? ""}:${p.status}`} className="py-3" data-testid={`plugin-${p.name}`}>
                <div className="flex items-start gap-3">
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="break-all font-mono text-sm">{p.name}</span>
                      {p.version && <span className="text-xs text-muted">{p.version}</span>}
                      <Badge tone={state.tone}>{state.badge}</Badge>
                      {p.source && p.source !== "core" && <Badge>{p.source}</Badge>}
                    </div>
                    {state.pending && <p className="mt-1 text-xs text-accent">Restart pending: {state.pending}.</p>}
                    {p.reason && p.status !== "pending" && (
                      // A loaded plugin's reason is a warning (e.g. a nested @elizaos/core it does not use).
                      <p
                        className={`mt-1 text-xs ${p.status === "loaded" ? "text-muted" : p.status === "denied" ? "text-warn" : "text-danger"}`}
                      >
                        {p.reason}
                      </p>
                    )}
                  </div>
                  <div className="flex shrink-0 flex-col gap-2 sm:flex-row">
                    {/* A row that is not a package (a custom action file, a missing load path) has no settings. */}
                    {/* A refused copy shares its name with the core plugin: its settings would be the core one's. */}
                    {PACKAGE_NAME.test(p.name) && p.status !== "refused" && (
                      <Button
                        variant="ghost"
                        className={TOUCH}
                        aria-expanded={open === p.name}
                        aria-label={`Settings of ${p.name}`}
                        onClick={() => setOpen(open === p.name ? null : p.name)}
                      >
                        {open === p.name ? "Close" : "Settings"}
                      </Button>
                    )}
                    {blocked ? null : isCorePlugin(p.name) && p.enabled ? (
                      <span className="self-center py-1 text-xs text-muted">required</span>
                    ) : (
                      <Button
                        className={TOUCH}
                        disabled={busy === p.name}
                        onClick={() => void toggle(p.name, !p.enabled)}
                      >
                        {p.enabled ? "Disable" : "Enable"}
                      </Button>
                    )}
                  </div>
                </div>
                {open === p.name && <PluginDetails name={p.name} onChanged={() => void load()} />}
              </li>
            );
          })}
        </ul>
      </Card>
    </Page>
  );
}
