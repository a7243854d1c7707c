import { useEffect, useState } from "react";
import { loadConfig, patchConfig, toast, useConfigStore } from "../../stores";
import { Button, Card, ErrorNote, Field, Input, Page } from "../shell/ui";
import { LocalModelPicker } from "./local-model-picker";
import { keyFor, PROVIDERS, type ProviderId } from "./providers";
import { SecretInput } from "./secret-input";

interface ModelForm {
  provider: ProviderId;
  path: string;
  threads: string;
  contextSize: string;
  ollamaEndpoint: string;
  remoteModel: string;
  key: string;
}

function intOrUndef(s: string): number | undefined {
  const n = Number.parseInt(s, 10);
  return Number.isFinite(n) ? n : undefined;
}

export function ModelsView() {
  const { view, error } = useConfigStore();
  const [form, setForm] = useState<ModelForm | null>(null);
  const [saving, setSaving] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);

  useEffect(() => {
    loadConfig().catch(() => {});
  }, []);
  useEffect(() => {
    if (!view || form) return;
    const { models } = view.config;
    setForm({
      provider: (models.provider ?? "local") as ProviderId,
      path: models.local.path ?? "",
      threads: String(models.local.threads ?? ""),
      contextSize: String(models.local.contextSize),
      ollamaEndpoint: models.ollamaEndpoint ?? "",
      remoteModel: models.remoteModel ?? "",
      key: "",
    });
  }, [view, form]);

  if (!form || !view) {
    return (
      <Page title="Models">
        {error ? (
          <ErrorNote error={{ message: error }} onRetry={() => void loadConfig().catch(() => {})} />
        ) : (
          <p className="text-sm text-muted">Loading…</p>
        )}
      </Page>
    );
  }
  const upd = (p: Partial<ModelForm>) => setForm({ ...form, ...p });
  const secretName = keyFor(form.provider);

  const save = async () => {
    const threads = intOrUndef(form.threads);
    const contextSize = intOrUndef(form.contextSize);
    if (form.provider === "local" && contextSize !== undefined && (contextSize < 256 || contextSize > 131072)) {
      setFieldError("Context size must be between 256 and 131072 tokens.");
      return;
    }
    if (threads !== undefined && (threads < 1 || threads > 256)) {
      setFieldError("Threads must be between 1 and 256 (leave empty for automatic).");
      return;
    }
    setFieldError(null);
    setSaving(true);
    try {
      const models: Record<string, unknown> = { provider: form.provider };
      if (form.provider === "local") models.local = { path: form.path || undefined, threads, contextSize };
      if (form.provider === "ollama") models.ollamaEndpoint = form.ollamaEndpoint || undefined;
      if (form.provider !== "local") models.remoteModel = form.remoteModel || undefined;
      const secrets = secretName && form.key ? { [secretName]: form.key } : undefined;
      const next = await patchConfig({ config: { models }, secrets });
      upd({ key: "" });
      toast("success", next.restartRequired ? "Saved. Restart the agent to apply." : "Saved.");
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      toast("error", `Could not save: ${err.message}`, err.fix);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page title="Models" description="Which model answers. Keys are write-only: the dashboard never sees them again.">
      <Card title="Provider">
        <div className="grid gap-2 sm:grid-cols-2" role="radiogroup" aria-label="Provider">
          {PROVIDERS.map((p) => (
            <label
              key={p.id}
              className={`flex cursor-pointer flex-col rounded-lg border px-3 py-2 transition ${form.provider === p.id ? "border-accent bg-accent/5" : "border-line hover:border-muted"}`}
            >
              <span className="flex items-center gap-2 text-sm font-medium">
                <input
                  type="radio"
                  name="provider"
                  className="accent-[var(--accent)]"
                  checked={form.provider === p.id}
                  onChange={() => upd({ provider: p.id, key: "" })}
                />
                {p.label}
              </span>
              <span className="mt-0.5 text-xs text-muted">{p.hint}</span>
            </label>
          ))}
        </div>
      </Card>
      {form.provider === "local" && (
        <Card title="Local model">
          <LocalModelPicker value={form.path} onChange={(path) => upd({ path })} />
          <div className="mt-4 grid gap-4 sm:grid-cols-2">
            <Field label="CPU threads" hint="Empty = cores − 1. More than your cores slows it down." htmlFor="threads">
              <Input
                id="threads"
                inputMode="numeric"
                value={form.threads}
                onChange={(e) => upd({ threads: e.target.value })}
              />
            </Field>
            <Field label="Context size (tokens)" htmlFor="ctx">
              <Input
                id="ctx"
                inputMode="numeric"
                value={form.contextSize}
                onChange={(e) => upd({ contextSize: e.target.value })}
              />
            </Field>
          </div>
        </Card>
      )}
      {form.provider !== "local" && (
        <Card title={PROVIDERS.find((p) => p.id === form.provider)?.label}>
          <div className="flex flex-col gap-4">
            {secretName && (
              <SecretInput
                name={secretName}
                label="API key"
                masked={view.secrets[secretName]}
                value={form.key}
                onChange={(key) => upd({ key })}
              />
            )}
            {form.provider === "ollama" && (
              <Field label="Ollama URL" htmlFor="ollama">
                <Input
                  id="ollama"
                  placeholder="http://127.0.0.1:11434"
                  value={form.ollamaEndpoint}
                  onChange={(e) => upd({ ollamaEndpoint: e.target.value })}
                />
              </Field>
            )}
            <Field label="Model id" hint="Optional; the provider's default when empty." htmlFor="remote-model">
              <Input
                id="remote-model"
                value={form.remoteModel}
                onChange={(e) => upd({ remoteModel: e.target.value })}
              />
            </Field>
          </div>
        </Card>
      )}
      {fieldError && <ErrorNote error={{ message: fieldError }} />}
      <div className="flex justify-end">
        <Button variant="primary" disabled={saving} onClick={() => void save()}>
          {saving ? "Saving…" : "Save"}
        </Button>
      </div>
    </Page>
  );
}
