import { useEffect, useState } from "react";
import type { PluginListEntry } from "../../../src-shared/contracts/plugins";
import { isCorePlugin } from "../../../src-shared/protocol/plugins";
import { getApi, refreshStatus, toast, usePluginsStore } from "../../stores";
import { Badge, Button, Card, ErrorNote, Page } from "../shell/ui";

/**
 * What a plugin will be after the next start, next to what it is now: a plugin switched off
 * while loaded stays loaded until the agent restarts, and the list says so.
 */
export function pluginState(p: PluginListEntry): { badge: string; tone?: "ok" | "danger"; pending?: string } {
  // Denied (plugins.deny) and refused (e.g. it would shadow a core plugin) whatever the switch says.
  if (p.status === "denied" || p.status === "refused") return { badge: p.status, tone: "danger" };
  if (!p.enabled && p.status !== "disabled")
    return { badge: "disabled", pending: "still loaded until the agent restarts" };
  if (p.enabled && p.status === "disabled")
    return { badge: "enabled", tone: "ok", pending: "loads when the agent restarts" };
  if (!p.enabled) return { badge: "disabled" };
  if (p.status === "failed") return { badge: "failed", tone: "danger" };
  return { badge: "loaded", tone: "ok" };
}

const PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

export function PluginsView() {
  const { plugins, loaded } = usePluginsStore();
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = () =>
    getApi()
      .plugins.list()
      .then((r) => {
        setError(null);
        usePluginsStore.setState({ plugins: r.plugins, loaded: true });
      })
      .catch((e) => setError(e));
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(() => {
    void load();
  }, []);

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
    <Page title="Plugins" description="What the agent loaded at its last start. Changes apply after a restart.">
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      <Card>
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
              <li
                key={`${p.name}:${p.source ?? ""}:${p.status}`}
                className="flex items-start gap-3 py-3"
                data-testid={`plugin-${p.name}`}
              >
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-sm">{p.name}</span>
                    <Badge tone={state.tone}>{state.badge}</Badge>
                    {(p.source || p.version) && (
                      <span className="text-xs text-muted">{[p.source, p.version].filter(Boolean).join(" · ")}</span>
                    )}
                  </div>
                  {state.pending && <p className="mt-1 text-xs text-accent">Restart pending: {state.pending}.</p>}
                  {p.reason && (
                    // A loaded plugin's reason is a warning (e.g. a nested @elizaos/core it does not use).
                    <p className={`mt-1 text-xs ${p.status === "loaded" ? "text-muted" : "text-danger"}`}>{p.reason}</p>
                  )}
                </div>
                {blocked ? null : isCorePlugin(p.name) && p.enabled ? (
                  <span className="py-1 text-xs text-muted">required</span>
                ) : (
                  <Button disabled={busy === p.name} onClick={() => void toggle(p.name, !p.enabled)}>
                    {p.enabled ? "Disable" : "Enable"}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      </Card>
    </Page>
  );
}
