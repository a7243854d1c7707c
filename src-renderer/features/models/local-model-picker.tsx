import { useEffect, useState } from "react";
import { modelRefSchema } from "../../../src-shared/config/schema";
import { getApi, toast, useModelsStore } from "../../stores";
import { Button, Field, formatBytes, Input } from "../shell/ui";

/** Choose a downloaded GGUF, download one by hf: URI (progress over /ws), or type a path. */
export function LocalModelPicker({ value, onChange }: { value: string; onChange: (path: string) => void }) {
  const { files, progress } = useModelsStore();
  const [uri, setUri] = useState("");
  const [uriError, setUriError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  const refresh = () =>
    getApi()
      .models.list()
      .then(({ models: files }) => useModelsStore.setState({ files }))
      .catch(() => {});
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(() => {
    void refresh();
  }, []);

  // The server may normalise the URI it reports; fall back to the newest download in flight.
  const p = pending ? (progress[pending] ?? Object.values(progress).at(-1)) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: react only to the download finishing or failing
  useEffect(() => {
    if (p?.done && !p.error) {
      toast("success", `Downloaded ${p.file}.`);
      onChange(p.file);
      setPending(null);
      void refresh();
    } else if (p?.error) {
      toast("error", `Download failed: ${p.error}`, "Check the URI and your connection, then try again.");
      setPending(null);
    }
  }, [p?.done, p?.error]);

  const download = async () => {
    const u = uri.trim();
    if (!u.startsWith("hf:")) {
      setUriError("Use an hf: URI, e.g. hf:owner/repo/file.gguf");
      return;
    }
    setUriError(null);
    try {
      await getApi().models.download({ body: { uri: u } });
      setPending(u);
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      setUriError(`${err.message}${err.fix ? ` ${err.fix}` : ""}`);
    }
  };

  const pathError =
    value && !modelRefSchema.safeParse(value).success ? "Must be a .gguf path or an hf: URI." : undefined;
  const pct = p?.totalBytes ? Math.round((p.receivedBytes / p.totalBytes) * 100) : undefined;

  return (
    <div className="flex flex-col gap-4">
      {files.length > 0 && (
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1.5 text-sm font-medium">Downloaded models</legend>
          {files.map((f) => (
            <label
              key={f.path}
              className={`flex cursor-pointer items-center gap-3 rounded-lg border px-3 py-2 text-sm ${value === f.file || value === f.path ? "border-accent" : "border-line"}`}
            >
              <input
                type="radio"
                name="local-model"
                className="accent-[var(--accent)]"
                checked={value === f.file || value === f.path}
                onChange={() => onChange(f.file)}
                disabled={!f.validGguf}
              />
              <span className="flex-1 truncate">{f.file}</span>
              <span className="text-xs text-muted">{f.validGguf ? formatBytes(f.bytes) : "not a valid GGUF"}</span>
            </label>
          ))}
        </fieldset>
      )}
      <Field
        label="Download from Hugging Face"
        error={uriError ?? undefined}
        htmlFor="hf-uri"
        hint="e.g. hf:bartowski/Llama-3.2-1B-Instruct-GGUF/Llama-3.2-1B-Instruct-Q4_K_M.gguf"
      >
        <div className="flex gap-2">
          <Input
            id="hf-uri"
            placeholder="hf:owner/repo/file.gguf"
            value={uri}
            onChange={(e) => setUri(e.target.value)}
          />
          <Button onClick={() => void download()} disabled={!!pending}>
            Download
          </Button>
        </div>
      </Field>
      {pending && (
        <div>
          <div className="mb-1 flex justify-between text-xs text-muted">
            <span className="truncate">{p?.file ?? pending}</span>
            <span>
              {p ? formatBytes(p.receivedBytes) : "starting…"}
              {p?.totalBytes ? ` / ${formatBytes(p.totalBytes)}` : ""}
            </span>
          </div>
          <div
            role="progressbar"
            aria-label="Download progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            className="h-2 overflow-hidden rounded-full bg-surface-2"
          >
            <div
              className={`h-full bg-accent transition-[width] ${pct === undefined ? "w-1/3 animate-pulse" : ""}`}
              style={pct === undefined ? undefined : { width: `${pct}%` }}
            />
          </div>
        </div>
      )}
      <Field label="Or a path to a .gguf file" error={pathError} htmlFor="model-path">
        <Input
          id="model-path"
          placeholder="/path/to/model.gguf"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </Field>
    </div>
  );
}
