import { useEffect, useState } from "react";
import { isCorePlugin } from "../../../src-shared/protocol";
import { getApi, setRestartPending, toast, usePluginsStore } from "../../stores";
import { Badge, Button, Card, ErrorNote, Page } from "../shell/ui";

export function PluginsView() {
  const { plugins, disabled, loaded } = usePluginsStore();
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = () =>
    getApi()
      .getPlugins()
      .then((r) => {
        setError(null);
        usePluginsStore.setState({ ...r, loaded: true });
      })
      .catch((e) => setError(e));
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(() => {
    void load();
  }, []);

  const toggle = async (name: string, enable: boolean) => {
    setBusy(name);
    try {
      const r = await getApi().setPluginEnabled(name, enable);
      if (r.restartRequired) setRestartPending(true);
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

  const names = [...new Set([...plugins.map((p) => p.name), ...disabled])];
  return (
    <Page title="Plugins" description="What the agent loaded at its last start. Changes apply after a restart.">
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      <Card>
        {loaded && names.length === 0 && (
          <p className="text-sm text-muted">No plugins reported. Start the agent to see them.</p>
        )}
        <ul className="divide-y divide-line">
          {names.map((name) => {
            const p = plugins.find((x) => x.name === name);
            const isDisabled = disabled.includes(name) || p?.status === "disabled";
            return (
              <li key={name} className="flex items-start gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-sm">{name}</span>
                    {isDisabled ? (
                      <Badge>disabled</Badge>
                    ) : p?.status === "failed" ? (
                      <Badge tone="danger">failed</Badge>
                    ) : (
                      <Badge tone="ok">loaded</Badge>
                    )}
                  </div>
                  {p?.reason && <p className="mt-1 text-xs text-danger">{p.reason}</p>}
                </div>
                {isCorePlugin(name) && !isDisabled ? (
                  <span className="py-1 text-xs text-muted">required</span>
                ) : (
                  <Button disabled={busy === name} onClick={() => void toggle(name, isDisabled)}>
                    {isDisabled ? "Enable" : "Disable"}
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
