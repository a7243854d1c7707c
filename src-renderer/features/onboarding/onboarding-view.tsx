import { useEffect, useState } from "react";
import { renameCharacter } from "../../../src-shared/protocol/character-rename";
import {
  dismissRestartPrompt,
  getApi,
  patchConfig,
  refreshStatus,
  setTab,
  useAvatarStore,
  useStatusStore,
} from "../../stores";
import { keyFor, LocalModelPicker, PROVIDERS, type ProviderId } from "../models";
import { Button, ErrorNote, Field, Input } from "../shell/ui";

const STEPS = ["Name", "Avatar", "Model"] as const;
/** VRM files from VRoid are typically 8-30 MB; 50 MB leaves headroom without inviting mistakes. */
const MAX_VRM_BYTES = 50 * 1024 * 1024;

export function validateVrm(file: { name: string; size: number }): string | null {
  if (!file.name.toLowerCase().endsWith(".vrm"))
    return `"${file.name}" is not a .vrm file. Export your avatar as VRM (e.g. from VRoid Studio).`;
  if (file.size > MAX_VRM_BYTES) return `"${file.name}" is larger than 50 MB.`;
  return null;
}

/** First run: name the agent, pick an avatar, choose a model, then land in Chat. */
export function OnboardingView({ onDone }: { onDone?: () => void }) {
  const [step, setStep] = useState(0);
  const [name, setName] = useState("");
  const [nameLoaded, setNameLoaded] = useState(false);
  const [avatarNote, setAvatarNote] = useState<string | null>(null);
  const [provider, setProvider] = useState<ProviderId>("local");
  const [path, setPath] = useState("");
  const [key, setKey] = useState("");
  const [ollama, setOllama] = useState("http://127.0.0.1:11434");
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [saving, setSaving] = useState(false);

  // Start from the agent's current name: leaving the field alone must never rename it back.
  useEffect(() => {
    getApi()
      .character.get()
      .then(({ character }) => setName((typed) => typed || character.name))
      .catch(() => setName((typed) => typed || "Milady"))
      .finally(() => setNameLoaded(true));
  }, []);

  const next = () => {
    setError(null);
    if (step === 0 && !name.trim()) return setError({ message: "Give your agent a name." });
    setStep(step + 1);
  };

  const uploadAvatar = async (file: File | undefined) => {
    if (!file) return;
    const problem = validateVrm(file);
    if (problem) return setError({ message: problem });
    setError(null);
    try {
      await getApi().avatar.upload({ file });
      useAvatarStore.setState({ info: null });
      setAvatarNote(`Using ${file.name}.`);
    } catch (e) {
      setError(e as Error);
    }
  };

  const chooseDefaultAvatar = async () => {
    setError(null);
    // Only a custom upload needs removing; the default is what the server serves without one.
    if (useAvatarStore.getState().info?.custom) {
      try {
        await getApi().avatar.reset();
        useAvatarStore.setState({ info: null });
      } catch (e) {
        return setError(e as Error);
      }
    }
    setAvatarNote("Using the default avatar.");
  };

  const finish = async () => {
    setError(null);
    if (provider !== "local" && provider !== "ollama" && !key.trim())
      return setError({ message: "Paste an API key, or choose Local." });
    setSaving(true);
    try {
      const models: Record<string, unknown> = { provider };
      if (provider === "local" && path) models.local = { path };
      if (provider === "ollama") models.ollamaEndpoint = ollama;
      const secretName = keyFor(provider);
      // The name goes through PUT /api/character with the whole character: a deep-partial
      // `character: {name}` in PATCH /api/config fails when milady.json has no character yet.
      // A new name renames the persona too: bio, system prompt and examples say the new name.
      const { character: current } = await getApi().character.get();
      if (current.name !== name.trim()) await getApi().character.put({ body: renameCharacter(current, name) });
      const view = await patchConfig({
        config: { models, ui: { onboardingCompleted: true } },
        secrets: secretName && key.trim() ? { [secretName]: key.trim() } : undefined,
      });
      // The model was just chosen: apply it now instead of greeting a first-run user with
      // "restart to apply". Messages typed meanwhile queue until the agent runs again.
      const state = useStatusStore.getState().status?.state;
      if (view.restartRequired && (state === "running" || state === "paused" || state === "error")) {
        dismissRestartPrompt(); // this restart is ours: no "restart to apply" for a first-run user
        void getApi()
          .agent.restart()
          .then(() => refreshStatus())
          .catch(() => refreshStatus()); // the restart prompt (server state) then stays up
      }
      setTab("chat");
      onDone?.();
    } catch (e) {
      setError(e as Error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="grid min-h-full place-items-center p-4">
      <div className="rise w-full max-w-lg rounded-2xl border border-line bg-surface p-6 shadow-xl">
        <p className="text-xs font-medium tracking-widest text-accent uppercase">Welcome</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Set up your agent</h1>
        <ol className="mt-4 mb-6 flex gap-2" aria-label="Steps">
          {STEPS.map((s, i) => (
            <li
              key={s}
              aria-current={i === step ? "step" : undefined}
              className={`h-1.5 flex-1 rounded-full ${i <= step ? "bg-accent" : "bg-surface-2"}`}
            >
              <span className="sr-only">{s}</span>
            </li>
          ))}
        </ol>

        {step === 0 && (
          <Field label="What should your agent be called?" htmlFor="ob-name">
            <Input
              id="ob-name"
              value={name}
              maxLength={64}
              placeholder={nameLoaded ? "" : "Loading…"}
              onChange={(e) => setName(e.target.value)}
              autoFocus
            />
          </Field>
        )}

        {step === 1 && (
          <div className="flex flex-col gap-3">
            <p className="text-sm text-muted">
              {name} comes with a default avatar. You can use your own VRM model instead.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button onClick={() => void chooseDefaultAvatar()}>Use the default</Button>
              <label className="inline-flex min-h-9 cursor-pointer items-center rounded-lg border border-line bg-surface-2 px-3 text-sm font-medium hover:border-muted">
                Upload .vrm…
                <input
                  type="file"
                  accept=".vrm"
                  className="sr-only"
                  aria-label="Upload avatar"
                  onChange={(e) => void uploadAvatar(e.target.files?.[0])}
                />
              </label>
            </div>
            {avatarNote && <p className="text-sm text-ok">{avatarNote}</p>}
          </div>
        )}

        {step === 2 && (
          <div className="flex flex-col gap-4">
            <Field label="Model provider" htmlFor="ob-provider">
              <select
                id="ob-provider"
                value={provider}
                onChange={(e) => setProvider(e.target.value as ProviderId)}
                className="min-h-9 rounded-lg border border-line bg-bg px-2 text-sm"
              >
                {PROVIDERS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </Field>
            <p className="-mt-2 text-xs text-muted">{PROVIDERS.find((p) => p.id === provider)?.hint}</p>
            {provider === "local" && <LocalModelPicker value={path} onChange={setPath} />}
            {provider === "ollama" && (
              <Field label="Ollama URL" htmlFor="ob-ollama">
                <Input id="ob-ollama" value={ollama} onChange={(e) => setOllama(e.target.value)} />
              </Field>
            )}
            {keyFor(provider) && (
              <Field label="API key" htmlFor="ob-key" hint="Stored in your Milady .env; never shown again.">
                <Input
                  id="ob-key"
                  type="password"
                  autoComplete="off"
                  value={key}
                  onChange={(e) => setKey(e.target.value)}
                />
              </Field>
            )}
          </div>
        )}

        {error && (
          <div className="mt-4">
            <ErrorNote error={error} />
          </div>
        )}

        <div className="mt-6 flex justify-between">
          <Button variant="ghost" disabled={step === 0} onClick={() => setStep(step - 1)}>
            Back
          </Button>
          {step < STEPS.length - 1 ? (
            <Button variant="primary" onClick={next}>
              Continue
            </Button>
          ) : (
            <Button variant="primary" disabled={saving} onClick={() => void finish()}>
              {saving ? "Saving…" : "Start chatting"}
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}
