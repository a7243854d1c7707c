import { Button, GrowingTextArea, Input } from "../shell/ui";
import type { CharacterForm, FieldErrors } from "./character-form-model";

type Examples = CharacterForm["examples"];

/** Each example is a short exchange; "{{user}}" marks the user's side. */
export function ExamplesEditor({
  value,
  onChange,
  errors,
  agentName,
}: {
  value: Examples;
  onChange: (v: Examples) => void;
  errors: FieldErrors;
  agentName: string;
}) {
  const set = (i: number, j: number, key: "name" | "text", v: string) =>
    onChange(value.map((ex, a) => (a === i ? ex.map((m, b) => (b === j ? { ...m, [key]: v } : m)) : ex)));
  return (
    <div className="flex flex-col gap-4">
      {value.map((ex, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: examples have no identity; position is what the user edits
        <fieldset key={i} className="rounded-lg border border-line p-3">
          <legend className="px-1 text-xs text-muted">Example {i + 1}</legend>
          <div className="flex flex-col gap-2">
            {ex.map((m, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity; position is what the user edits
              <div key={j} className="flex flex-col gap-1 sm:flex-row sm:items-start">
                <Input
                  aria-label={`Example ${i + 1} line ${j + 1} speaker`}
                  className="sm:w-36 sm:shrink-0"
                  value={m.name}
                  onChange={(e) => set(i, j, "name", e.target.value)}
                />
                <GrowingTextArea
                  aria-label={`Example ${i + 1} line ${j + 1} text`}
                  className="min-h-9 leading-5"
                  value={m.text}
                  onChange={(e) => set(i, j, "text", e.target.value)}
                />
                {errors[`examples.${i}.${j}.text`] && (
                  <p className="text-xs text-danger">{errors[`examples.${i}.${j}.text`]}</p>
                )}
              </div>
            ))}
          </div>
          {errors[`examples.${i}`] && (
            <p role="alert" className="mt-1 text-xs text-danger">
              {errors[`examples.${i}`]}
            </p>
          )}
          <div className="mt-2 flex gap-2">
            <Button
              variant="ghost"
              onClick={() =>
                onChange(
                  value.map((x, a) =>
                    a === i ? [...x, { name: x.length % 2 ? agentName : "{{user}}", text: "" }] : x,
                  ),
                )
              }
            >
              + Line
            </Button>
            <Button variant="ghost" onClick={() => onChange(value.filter((_, a) => a !== i))}>
              Remove example
            </Button>
          </div>
        </fieldset>
      ))}
      <Button
        variant="secondary"
        className="self-start"
        onClick={() =>
          onChange([
            ...value,
            [
              { name: "{{user}}", text: "" },
              { name: agentName || "Milady", text: "" },
            ],
          ])
        }
      >
        + Add example
      </Button>
    </div>
  );
}
