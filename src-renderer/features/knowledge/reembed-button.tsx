import { useCallback, useState } from "react";
import { getApi, toast } from "../../stores";
import { Dialog } from "../shell/dialog";
import { Button, ErrorNote } from "../shell/ui";

/**
 * Embeds every stored document again with the current embedding model: after the user changes
 * it, the old vectors cannot be compared with the new model's queries (search skips or refuses
 * them). Asked first: on a local model a big library takes minutes (chat keeps working).
 */
export function ReembedButton({ documents }: { documents: number }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  // Stable: the dialog re-runs its focus handling whenever onClose changes.
  const close = useCallback(() => setOpen(false), []);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await getApi().knowledge.reembed({ body: { all: true } });
      setOpen(false);
      toast(
        "success",
        `Re-embedded ${done.chunks} ${done.chunks === 1 ? "chunk" : "chunks"} of ${done.documents} ${done.documents === 1 ? "document" : "documents"} (${done.dimension} dimensions).`,
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  if (documents === 0) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={busy}>
        {busy ? "Re-embedding…" : "Re-embed"}
      </Button>
      <Dialog title="Re-embed knowledge" open={open} onClose={close}>
        <p className="text-sm">
          Embed all {documents} {documents === 1 ? "document" : "documents"} again with the current embedding model. Do
          this after changing the embedding model: vectors from another model do not match its searches.
        </p>
        <p className="mt-2 text-xs text-muted">
          On a local model a large library takes minutes; the agent keeps chatting meanwhile. If it stops part-way, what
          is done is kept.
        </p>
        {error && (
          <div className="mt-3">
            <ErrorNote error={error} />
          </div>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button variant="primary" onClick={() => void run()} disabled={busy}>
            {busy ? "Re-embedding…" : "Re-embed"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
