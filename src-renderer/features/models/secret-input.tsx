import { Field, Input } from "../shell/ui";

/** Write-only: shows the masked current value as a placeholder; what you type replaces it on save. */
export function SecretInput({
  name,
  label,
  masked,
  value,
  onChange,
}: {
  name: string;
  label: string;
  masked: string | null | undefined;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <Field
      label={label}
      htmlFor={`secret-${name}`}
      hint={masked ? `Current: ${masked}. Leave empty to keep it.` : "Not set."}
    >
      <Input
        id={`secret-${name}`}
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder={masked ?? "Paste key"}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
