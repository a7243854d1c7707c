import { useCallback, useEffect, useRef, useState } from "react";
import { CHARACTER_FILE_MAX_BYTES } from "../../../src-shared/character/read-character-file";
import { type CharacterImportResult, characterContract } from "../../../src-shared/contracts/character";
import type { Character } from "../../../src-shared/protocol/character";
import { getApi, refreshStatus, toast, useCharacterStore } from "../../stores";
import { Dialog } from "../shell/dialog";
import { Badge, Button, Card, ErrorNote } from "../shell/ui";
import { CharacterPicture } from "./character-picture";

const FORMATS: Record<CharacterImportResult["format"], string> = {
  elizaos: "elizaOS character file",
  "tavern-v1": "Tavern card (V1)",
  "tavern-v2": "Tavern card V2",
  "tavern-v3": "Tavern card V3",
};
const ACCEPT = ".json,.png,application/json,image/png";

/** `filename*=UTF-8''…` or `filename="…"` from a Content-Disposition header. */
function downloadName(header: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? "");
  if (star?.[1]) return decodeURIComponent(star[1]);
  return /filename="([^"]+)"/i.exec(header ?? "")?.[1] ?? fallback;
}

function List({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <details className="mt-3 text-sm" open={testId === "import-ignored"} data-testid={testId}>
      <summary className="cursor-pointer font-medium">
        {title} ({items.length})
      </summary>
      <ul className="mt-1 max-h-40 list-disc overflow-y-auto pl-5 text-xs text-muted">
        {items.map((item) => (
          <li key={item} className="break-words">
            {item}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** What the import did, or would do: the report a user reads before and after confirming. */
function ImportReport({ report, file }: { report: CharacterImportResult; file: File }) {
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!report.png) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file, report.png]);
  return (
    <div data-testid="import-report">
      <div className="flex items-center gap-3">
        {preview && <img src={preview} alt="" className="h-14 w-14 rounded-full border border-line object-cover" />}
        <div className="min-w-0">
          <p className="truncate font-medium">{report.character.name}</p>
          <p className="text-xs text-muted">
            {report.format === "elizaos" && report.png ? "PNG card exported by Milady" : FORMATS[report.format]}
            {report.png && report.format !== "elizaos" ? " (PNG)" : ""} · {report.character.bio.length} bio lines ·{" "}
            {report.character.messageExamples.length} examples
          </p>
        </div>
      </div>
      {report.picture === "removed" && (
        <p className="mt-2 text-xs text-muted">The current picture is removed: this file has none.</p>
      )}
      {report.secrets.length > 0 && (
        <div className="mt-3 text-sm" data-testid="import-secrets">
          <p className="font-medium">Secrets, stored in the state .env (not in milady.json)</p>
          <ul className="mt-1 text-xs">
            {report.secrets.map((s) => (
              <li key={s.name} className="flex flex-wrap items-center gap-2">
                <code>{s.name}</code>
                <span className="text-muted">{s.masked}</span>
                {s.usedByAgent ? <Badge tone="ok">used</Badge> : <Badge>kept only</Badge>}
                {s.replaced && <Badge tone="warn">replaces the current value</Badge>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <List title="Not carried over" items={report.ignored} testId="import-ignored" />
      <List title="Converted" items={report.notes} testId="import-notes" />
    </div>
  );
}

/**
 * Import a character file (elizaOS JSON, Tavern card JSON or PNG) and export the character as an
 * elizaOS file. An import is previewed first (the server reads it and changes nothing), then
 * confirmed; `onImported` puts the new character in the form.
 */
export function ImportExportCard({ onImported }: { onImported: (character: Character) => void }) {
  const name = useCharacterStore((s) => s.character?.name ?? "the character");
  // CharacterPicture below loads it; a second hook here would fetch the character again.
  const hasPicture = Boolean(useCharacterStore((s) => s.picture));
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<CharacterImportResult | null>(null);
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const close = useCallback(() => {
    setFile(null);
    setReport(null);
    setError(null);
    if (fileRef.current) fileRef.current.value = "";
  }, []);

  const send = async (picked: File, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const result = await getApi().character.import({ file: picked, query: { dryRun: dryRun ? "true" : "false" } });
      setReport(result);
      if (!dryRun) {
        useCharacterStore.setState({ character: result.character, picture: undefined });
        onImported(result.character);
        void refreshStatus().catch(() => {});
        toast("success", `Imported ${result.character.name}.${result.applied ? " New messages use it." : ""}`);
      }
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const pick = (picked: File | undefined) => {
    if (!picked) return;
    setFile(picked);
    setReport(null);
    if (picked.size > CHARACTER_FILE_MAX_BYTES) {
      // Said here, before a 20 MB upload the server would refuse with a generic "body too large".
      setError({
        message: `${picked.name} is ${(picked.size / 1024 / 1024).toFixed(1)} MB; character files are limited to ${CHARACTER_FILE_MAX_BYTES / 1024 / 1024} MB.`,
        fix: "A character card is usually well under 5 MB: pick the card itself, or shrink its picture and export it again.",
      });
      return;
    }
    void send(picked, true);
  };

  /** The elizaOS .json, or (`card`) a Tavern V2 card PNG with the picture, which Milady reads back whole. */
  const exportFile = async (card: boolean) => {
    try {
      const api = getApi();
      const route = card ? characterContract.routes.exportCard : characterContract.routes.export;
      const res = await api.fetchFile(api.url(route));
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = downloadName(res.headers.get("content-disposition"), card ? "character.card.png" : "character.json");
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast("success", `Exported ${name} as ${a.download}.`);
    } catch (e) {
      toast("error", `Could not export: ${(e as Error).message}`);
    }
  };

  const done = report && !report.dryRun;
  return (
    <Card
      title="Import and export"
      actions={
        <div className="flex gap-2">
          <input
            ref={fileRef}
            type="file"
            accept={ACCEPT}
            className="sr-only"
            aria-label="Import a character file"
            data-testid="character-import-file"
            onChange={(e) => pick(e.target.files?.[0])}
          />
          <Button onClick={() => fileRef.current?.click()}>Import…</Button>
          <Button onClick={() => void exportFile(false)}>Export</Button>
          {hasPicture && (
            <Button onClick={() => void exportFile(true)} title="A PNG character card with the picture">
              Export card
            </Button>
          )}
        </div>
      }
    >
      <div className="flex items-center gap-3">
        <CharacterPicture alt={`${name}'s picture`} className="h-12 w-12" />
        <p className="text-xs text-muted">
          Import an elizaOS character (.json) or a Tavern character card V2/V3 (.json or .png; a card's picture becomes
          the character's). Export writes an elizaOS character file; Export card, a PNG card with the picture. Neither
          carries secrets.
        </p>
      </div>
      <Dialog title={done ? "Character imported" : "Import a character"} open={file !== null} onClose={close}>
        {busy && !report && <p className="text-sm text-muted">Reading {file?.name}…</p>}
        {error && <ErrorNote error={error} />}
        {error && <p className="mt-2 text-xs text-muted">Nothing was changed.</p>}
        {report && file && <ImportReport report={report} file={file} />}
        {done && (
          <p className="mt-3 text-sm" role="status">
            {report.applied ? "The agent uses it now." : "Saved; the agent uses it from its next start."}
            {report.restartRequired ? " Restart the agent so it reads the new secrets." : ""}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={close}>
            {done ? "Close" : "Cancel"}
          </Button>
          {report?.dryRun && file && (
            <Button variant="primary" disabled={busy} onClick={() => void send(file, false)}>
              {busy ? "Importing…" : `Replace ${name}`}
            </Button>
          )}
        </div>
      </Dialog>
    </Card>
  );
}
