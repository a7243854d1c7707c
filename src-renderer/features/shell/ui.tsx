import {
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type TextareaHTMLAttributes,
  useLayoutEffect,
  useRef,
} from "react";

/** Small shared primitives so every view has the same spacing, radius and focus behaviour. */

type Variant = "primary" | "secondary" | "ghost" | "danger";
const VARIANT: Record<Variant, string> = {
  primary: "bg-accent text-accent-fg hover:opacity-90",
  secondary: "bg-surface-2 text-fg border border-line hover:border-muted",
  ghost: "text-muted hover:text-fg hover:bg-surface-2",
  danger: "bg-surface-2 text-danger border border-line hover:border-danger",
};

export function Button({
  variant = "secondary",
  className = "",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      className={`inline-flex min-h-9 items-center justify-center gap-2 rounded-lg px-3 text-sm font-medium transition disabled:cursor-not-allowed disabled:opacity-50 ${VARIANT[variant]} ${className}`}
      {...rest}
    />
  );
}

const field =
  "rounded-lg border border-line bg-bg px-3 py-2 text-sm text-fg placeholder:text-muted/70 focus:border-accent focus:outline-none aria-invalid:border-danger";

export function Input({ className = "", ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`${field} min-h-9 ${/(^|\s)w-/.test(className) ? "" : "w-full"} ${className}`} {...rest} />;
}

export function TextArea({
  className = "",
  ref,
  ...rest
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  return <textarea ref={ref} className={`${field} w-full ${className}`} {...rest} />;
}

/**
 * A text area as tall as its text (from one line up): long text is read whole instead
 * of scrolling inside a one-line box. The height follows the content on every change.
 */
export function GrowingTextArea({ className = "", value, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ref = useRef<HTMLTextAreaElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure whenever the text changes
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto"; // shrink first, so deleting text makes it shorter again
    // Not laid out (a hidden tab): keep the CSS height rather than collapsing it to 0.
    if (el.scrollHeight > 0) el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
  }, [value]);
  return <TextArea ref={ref} rows={1} value={value} className={`resize-none overflow-hidden ${className}`} {...rest} />;
}

export function Field({
  label,
  hint,
  error,
  htmlFor,
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  htmlFor?: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={htmlFor} className="text-sm font-medium text-fg">
        {label}
      </label>
      {children}
      {hint && !error && <p className="text-xs text-muted">{hint}</p>}
      {error && (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

export function Card({
  title,
  actions,
  children,
  className = "",
  id,
}: {
  title?: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** An anchor a link can scroll to (Settings sections). */
  id?: string;
}) {
  return (
    <section
      id={id}
      tabIndex={id ? -1 : undefined}
      className={`scroll-mt-4 rounded-xl border border-line bg-surface p-4 focus:outline-none sm:p-5 ${className}`}
    >
      {(title || actions) && (
        <header className="mb-4 flex flex-wrap items-center justify-between gap-3">
          {title && <h2 className="text-base font-semibold">{title}</h2>}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

export function Badge({
  tone = "muted",
  children,
}: {
  tone?: "ok" | "warn" | "danger" | "muted" | "accent";
  children: ReactNode;
}) {
  const tones = {
    ok: "text-ok border-ok/40",
    warn: "text-warn border-warn/40",
    danger: "text-danger border-danger/40",
    muted: "text-muted border-line",
    accent: "text-accent border-accent/40",
  };
  return (
    <span className={`inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

export function Page({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-5 p-4 pb-24 sm:p-6 md:pb-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 text-sm text-muted">{description}</p>}
      </div>
      {children}
    </div>
  );
}

export function ErrorNote({ error, onRetry }: { error: { message: string; fix?: string }; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-danger/40 bg-danger/10 px-3 py-2 text-sm">
      <p className="text-danger">{error.message}</p>
      {error.fix && <p className="mt-0.5 text-muted">{error.fix}</p>}
      {onRetry && (
        <Button variant="ghost" className="mt-1 -ml-2" onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function errorInfo(e: unknown): { message: string; fix?: string } {
  if (e && typeof e === "object" && "message" in e) {
    const o = e as { message: string; fix?: string };
    return { message: o.message, fix: o.fix };
  }
  return { message: String(e) };
}
