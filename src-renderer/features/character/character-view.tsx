import { useEffect, useRef, useState } from "react";
import { DEFAULT_CHARACTER } from "../../../src-shared/protocol/character";
import { getApi, toast, useCharacterStore } from "../../stores";
import { Button, Card, ErrorNote, Field, Input, Page, TextArea } from "../shell/ui";
import { AvatarCard } from "./avatar-card";
import { type CharacterForm, type FieldErrors, toForm, validateForm } from "./character-form-model";
import { ExamplesEditor } from "./examples-editor";
import { ImportExportCard } from "./import-export-card";

export function CharacterView() {
  const loaded = useCharacterStore((s) => s.character);
  const [form, setForm] = useState<CharacterForm | null>(loaded ? toForm(loaded) : null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [loadError, setLoadError] = useState<{ message: string; fix?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  // The form shows the store's character at once and the fresh GET after; an edit made in
  // between (a quick user, a slow server) must not be overwritten by that GET.
  const edited = useRef(false);

  const load = () => {
    setLoadError(null);
    getApi()
      .character.get()
      .then(({ character: c, picture }) => {
        useCharacterStore.setState({ character: c, picture: picture ?? null });
        if (!edited.current) setForm(toForm(c));
      })
      .catch((e) => setLoadError(e));
  };
  useEffect(load, []);

  if (!form) {
    return (
      <Page title="Character">
        {loadError ? <ErrorNote error={loadError} onRetry={load} /> : <p className="text-sm text-muted">Loading…</p>}
      </Page>
    );
  }
  const upd = (patch: Partial<CharacterForm>) => {
    edited.current = true;
    setForm({ ...form, ...patch });
  };
  const text = (key: keyof Omit<CharacterForm, "examples" | "hidden">, label: string, hint?: string, rows = 0) => (
    <Field label={label} hint={hint} error={errors[key]} htmlFor={`ch-${key}`}>
      {rows ? (
        <TextArea
          id={`ch-${key}`}
          rows={rows}
          value={form[key]}
          onChange={(e) => upd({ [key]: e.target.value })}
          aria-invalid={!!errors[key]}
        />
      ) : (
        <Input
          id={`ch-${key}`}
          value={form[key]}
          onChange={(e) => upd({ [key]: e.target.value })}
          aria-invalid={!!errors[key]}
        />
      )}
    </Field>
  );

  const save = async () => {
    const r = validateForm(form);
    if (!r.ok) {
      setErrors(r.errors);
      toast("error", "Some fields need attention.", "Fix the highlighted fields, then save again.");
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const saved = await getApi().character.put({ body: r.character });
      useCharacterStore.setState({ character: saved.character });
      toast("success", "Character saved. New messages use it.");
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      toast("error", `Could not save: ${err.message ?? e}`, err.fix);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page title="Character" description="Who your agent is. One entry per line for lists.">
      <ImportExportCard
        onImported={(c) => {
          setErrors({});
          setForm(toForm(c));
        }}
      />
      <AvatarCard />
      <form
        noValidate
        className="flex flex-col gap-5"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Card title="Identity">
          <div className="flex flex-col gap-4">
            {text("name", "Name")}
            {text("bio", "Bio", "One fact per line.", 4)}
            {text("system", "System prompt", "Instructions the model always sees.", 5)}
          </div>
        </Card>
        <Card title="Style">
          <div className="grid gap-4 sm:grid-cols-2">
            {text("styleAll", "Always", "e.g. be concise", 4)}
            {text("styleChat", "In chat", undefined, 4)}
            {text("adjectives", "Adjectives", undefined, 3)}
            {text("topics", "Topics", undefined, 3)}
          </div>
        </Card>
        <Card title="Message examples">
          <ExamplesEditor
            value={form.examples}
            onChange={(examples) => upd({ examples })}
            errors={errors}
            agentName={form.name}
          />
        </Card>
        <div className="sticky bottom-14 -mx-4 flex justify-end gap-2 border-t border-line bg-bg/90 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6 md:bottom-0">
          <Button variant="ghost" onClick={() => setForm(toForm(DEFAULT_CHARACTER))}>
            Reset to default
          </Button>
          <Button variant="primary" type="submit" disabled={saving}>
            {saving ? "Saving…" : "Save"}
          </Button>
        </div>
      </form>
    </Page>
  );
}
