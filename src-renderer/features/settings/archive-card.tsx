import { useState } from "react";
import { ARCHIVE_PASSWORD_HEADER, archiveContract } from "../../../src-shared/contracts";
import { type ArchiveImportResult, archiveImportResultSchema } from "../../../src-shared/protocol/archive";
import { errorFromResponse } from "../../api/api-error";
import { getApi, getToken } from "../../stores";
import { Button, Card, ErrorNote, Field } from "../shell/ui";

type Problem = { message: string; fix?: string };

const input = "min-h-9 w-full rounded-lg border border-line bg-bg px-2 text-sm";

/** The routes answer a file (export) or take a password header (import): plain fetch, same URL and token as the client. */
async function send(path: string, init: RequestInit): Promise<Response> {
  const token = getToken();
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  const res = await fetch(path, { ...init, headers });
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** the Back up and move card in Settings: one .milady archive out, one in (into an empty agent, or replacing it with a backup). */
export function ArchiveCard() {
  const [exportPassword, setExportPassword] = useState("");
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [importPassword, setImportPassword] = useState("");
  const [replace, setReplace] = useState(false);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<ArchiveImportResult | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const runExport = async () => {
    setExporting(true);
    setProblem(null);
    setExported(null);
    try {
      const res = await send(getApi().url(archiveContract.routes.export), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(exportPassword ? { password: exportPassword } : {}),
      });
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "agent.milady";
      download(await res.blob(), name);
      setExported(`${name}${exportPassword ? " (secrets encrypted with your password)" : " (without secrets)"}`);
    } catch (e) {
      setProblem(e as Problem);
    } finally {
      setExporting(false);
    }
  };

  const runImport = async () => {
    if (!file) return;
    setImporting(true);
    setProblem(null);
    setResult(null);
    try {
      const form = new FormData();
      form.append("file", file, file.name);
      const mode = replace ? "replace" : "into-empty";
      const res = await send(getApi().url(archiveContract.routes.import, { query: { mode }, file }), {
        method: "POST",
        headers: importPassword ? { [ARCHIVE_PASSWORD_HEADER]: importPassword } : {},
        body: form,
      });
      setResult(archiveImportResultSchema.parse(await res.json()));
    } catch (e) {
      setProblem(e as Problem);
    } finally {
      // Every replace is confirmed again, after a refusal too.
      setConfirmReplace(false);
      setImporting(false);
    }
  };

  return (
    <Card title="Back up and move" id="settings-archive">
      <div className="flex flex-col gap-4">
        <p className="text-sm text-muted">
          One .milady file with the character, config, conversations, memories, knowledge, avatar, workspace files and
          triggers. Secrets (API keys) go in only with a password, encrypted.
        </p>
        <div className="flex flex-col gap-2">
          <Field label="Password for secrets (optional)" htmlFor="archive-export-password">
            <input
              id="archive-export-password"
              type="password"
              autoComplete="new-password"
              className={input}
              value={exportPassword}
              onChange={(e) => setExportPassword(e.target.value)}
            />
          </Field>
          <div>
            <Button variant="primary" onClick={runExport} disabled={exporting}>
              {exporting ? "Exporting…" : "Export agent"}
            </Button>
          </div>
          {exported && <p className="text-sm text-ok">Saved {exported}.</p>}
        </div>
        <div className="flex flex-col gap-2 border-t border-line pt-4">
          <Field label="Archive to import" htmlFor="archive-import-file">
            <input
              id="archive-import-file"
              type="file"
              accept=".milady,application/gzip"
              // The browser's own file button, dressed as the dashboard's secondary buttons.
              className="text-sm text-muted file:mr-3 file:cursor-pointer file:rounded-lg file:border file:border-line file:bg-surface-2 file:px-3 file:py-1.5 file:text-sm file:text-fg hover:file:border-muted"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Field>
          <Field label="Its password (only to bring the secrets)" htmlFor="archive-import-password">
            <input
              id="archive-import-password"
              type="password"
              autoComplete="off"
              className={input}
              value={importPassword}
              onChange={(e) => setImportPassword(e.target.value)}
            />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
            Replace this agent (a backup of it is kept first)
          </label>
          <div className="flex flex-wrap gap-2">
            {replace && !confirmReplace ? (
              <Button variant="danger" disabled={!file || importing} onClick={() => setConfirmReplace(true)}>
                Replace with this archive…
              </Button>
            ) : (
              <Button variant={replace ? "danger" : "primary"} disabled={!file || importing} onClick={runImport}>
                {importing ? "Importing…" : replace ? "Yes, replace this agent" : "Import"}
              </Button>
            )}
            {confirmReplace && (
              <Button variant="ghost" onClick={() => setConfirmReplace(false)}>
                Cancel
              </Button>
            )}
          </div>
          {confirmReplace && (
            <p className="text-sm text-warn">
              This agent's conversations, memories and knowledge are replaced; a backup goes to backups/ in the state
              directory.
            </p>
          )}
        </div>
        {problem && <ErrorNote error={problem} />}
        {result && (
          <div role="status" className="rounded-lg border border-ok/40 bg-ok/10 px-3 py-2 text-sm">
            <p className="text-ok">
              Imported {result.characterName}: {result.tables.reduce((n, t) => n + t.rows, 0)} rows, {result.files}{" "}
              files, {result.secretsImported} secrets. The agent restarted on it.
            </p>
            {result.backup && <p className="mt-0.5 text-muted">The agent it replaced is kept in {result.backup}</p>}
            {result.warnings.map((w) => (
              <p key={w} className="mt-0.5 text-warn">
                {w}
              </p>
            ))}
          </div>
        )}
      </div>
    </Card>
  );
}
