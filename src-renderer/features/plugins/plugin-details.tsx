import { useEffect, useState } from "react";
import type { PluginInfo, PluginParameter } from "../../../src-shared/contracts/plugins";
import { getApi, refreshStatus, toast } from "../../stores";
import { SecretInput } from "../models/secret-input";
import { Button, ErrorNote, errorInfo, Field, Input } from "../shell/ui";
import { TOUCH } from "./plugin-state";

type Draft = Record<string, string>;

function shown(p: PluginParameter): string {
  return p.secret || p.value === null ? "" : String(p.value);
}

/**
 * One plugin opened: where it comes from, its version and warnings, and its parameters from
 * `agentConfig.pluginParameters` as a form. Secrets are password fields that show only the mask;
 * an empty secret field keeps the stored value. Uninstall and eject are here too.
 */
export function PluginDetails({ name, onChanged }: { name: string; onChanged: () => void }) {
  const [info, setInfo] = useState<PluginInfo | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const next = await getApi().plugins.info({ params: { name } });
      setInfo(next);
      setDraft(Object.fromEntries(next.parameters.map((p) => [p.key, shown(p)])));
      setError(null);
    } catch (e) {
      setError(errorInfo(e));
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load when the plugin changes
  useEffect(() => {
    void load();
  }, [name]);

  const act = async (what: string, work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      toast("success", `${what}. Restart the agent to apply.`);
      void refreshStatus();
      onChanged();
    } catch (e) {
      const err = errorInfo(e);
      toast("error", `${what} failed: ${err.message}`, err.fix);
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    act(`Saved ${name}'s settings`, async () => {
      const values: Record<string, string | null> = {};
      for (const p of info?.parameters ?? []) {
        const typed = draft[p.key] ?? "";
        if (p.secret) {
          if (typed !== "") values[p.key] = typed; // empty keeps the stored secret
        } else if (typed !== shown(p)) values[p.key] = typed === "" ? null : typed;
      }
      if (Object.keys(values).length === 0) return;
      const next = await getApi().plugins.configure({ params: { name }, body: { values } });
      setInfo(next);
      setDraft(Object.fromEntries(next.parameters.map((p) => [p.key, shown(p)])));
    });

  if (error) return <ErrorNote error={error} onRetry={() => void load()} />;
  if (!info) return <p className="text-xs text-muted">Loading…</p>;
  return (
    <div className="mt-3 flex flex-col gap-3 rounded-lg border border-line bg-bg p-3" data-testid={`details-${name}`}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-muted">Version</dt>
        <dd>{info.version ?? "unknown"}</dd>
        <dt className="text-muted">Source</dt>
        <dd className="break-all">
          {info.source ?? "unknown"}
          {info.path ? ` · ${info.path}` : ""}
        </dd>
        {info.coreRange && (
          <>
            <dt className="text-muted">@elizaos/core</dt>
            <dd>{info.coreRange}</dd>
          </>
        )}
      </dl>
      {info.description && <p className="text-sm">{info.description}</p>}
      {info.warnings.map((w) => (
        <p key={w} className="text-xs text-warn">
          {w}
        </p>
      ))}
      {info.parameters.length > 0 ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {info.parameters.map((p) =>
            p.secret ? (
              <SecretInput
                key={p.key}
                name={`${name}-${p.key}`}
                label={`${p.key}${p.required ? " *" : ""}`}
                masked={typeof p.value === "string" ? p.value : null}
                value={draft[p.key] ?? ""}
                onChange={(v) => setDraft((d) => ({ ...d, [p.key]: v }))}
              />
            ) : (
              <Field
                key={p.key}
                label={`${p.key}${p.required ? " *" : ""}`}
                htmlFor={`param-${name}-${p.key}`}
                hint={p.description}
              >
                <Input
                  id={`param-${name}-${p.key}`}
                  className={TOUCH}
                  inputMode={p.type === "number" ? "decimal" : undefined}
                  placeholder={p.default !== undefined ? `default: ${p.default}` : undefined}
                  value={draft[p.key] ?? ""}
                  onChange={(e) => setDraft((d) => ({ ...d, [p.key]: e.target.value }))}
                />
              </Field>
            ),
          )}
          <div>
            <Button type="submit" variant="primary" className={TOUCH} disabled={busy}>
              Save settings
            </Button>
          </div>
        </form>
      ) : (
        <p className="text-xs text-muted">This plugin declares no settings (agentConfig.pluginParameters).</p>
      )}
      <div className="flex flex-wrap gap-2 border-t border-line pt-3">
        {info.install && (
          <Button
            variant="danger"
            className={TOUCH}
            disabled={busy}
            onClick={() => void act(`Uninstalled ${name}`, () => getApi().plugins.uninstall({ params: { name } }))}
          >
            Uninstall
          </Button>
        )}
        {(info.source === "installed" || info.source === "npm") && (
          <Button
            className={TOUCH}
            disabled={busy}
            onClick={() =>
              void act(`Ejected ${name} to plugins/ejected`, async () => {
                await getApi().plugins.eject({ params: { name } });
                await load();
              })
            }
          >
            Eject to edit
          </Button>
        )}
      </div>
    </div>
  );
}
