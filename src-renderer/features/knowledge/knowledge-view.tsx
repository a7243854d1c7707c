import { useEffect, useRef, useState } from "react";
import { getApi, toast, useKnowledgeStore } from "../../stores";
import { Button, Card, ErrorNote, formatBytes, Input, Page } from "../shell/ui";
import { ReembedButton } from "./reembed-button";
import { validateKnowledgeFile } from "./validate-upload";

export function KnowledgeView() {
  const { documents, hits, loaded } = useKnowledgeStore();
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [query, setQuery] = useState("");
  const [searching, setSearching] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  const refresh = () =>
    getApi()
      .knowledge.list()
      .then(({ documents }) => useKnowledgeStore.setState({ documents, loaded: true }))
      .catch((e) => setError(e));
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once on mount
  useEffect(() => {
    void refresh();
  }, []);

  const upload = async (files: FileList | null) => {
    setError(null);
    for (const file of Array.from(files ?? [])) {
      const problem = validateKnowledgeFile(file);
      if (problem) {
        setError({ message: problem });
        continue;
      }
      setUploading(true);
      try {
        await getApi().knowledge.upload({ file });
        toast("success", `Added ${file.name}.`);
      } catch (e) {
        setError(e as Error);
      } finally {
        setUploading(false);
      }
    }
    if (fileRef.current) fileRef.current.value = "";
    await refresh();
  };

  const remove = async (id: string, name: string) => {
    try {
      await getApi().knowledge.remove({ params: { id } });
      useKnowledgeStore.setState((s) => ({ documents: s.documents.filter((d) => d.id !== id) }));
    } catch (e) {
      const err = e as { message?: string; fix?: string };
      toast("error", `Could not delete ${name}: ${err.message}`, err.fix);
    }
  };

  const search = async () => {
    if (!query.trim()) return;
    setSearching(true);
    try {
      const { hits } = await getApi().knowledge.search({ body: { query: query.trim(), limit: 8 } });
      useKnowledgeStore.setState({ hits });
    } catch (e) {
      setError(e as Error);
    } finally {
      setSearching(false);
    }
  };

  return (
    <Page title="Knowledge" description="Documents your agent can draw on. Text, Markdown and PDF up to 10 MB.">
      <Card
        title="Documents"
        actions={
          <>
            <input
              ref={fileRef}
              type="file"
              accept=".txt,.md,.pdf,text/plain,text/markdown,application/pdf"
              multiple
              className="sr-only"
              id="knowledge-file"
              data-testid="knowledge-file"
              onChange={(e) => void upload(e.target.files)}
            />
            <div className="flex gap-2">
              <ReembedButton documents={documents.length} />
              <Button variant="primary" disabled={uploading} onClick={() => fileRef.current?.click()}>
                {uploading ? "Uploading…" : "Upload"}
              </Button>
            </div>
          </>
        }
      >
        {error && (
          <div className="mb-3">
            <ErrorNote error={error} />
          </div>
        )}
        {loaded && documents.length === 0 && <p className="text-sm text-muted">No documents yet.</p>}
        <ul className="divide-y divide-line">
          {documents.map((d) => (
            <li key={d.id} className="flex items-center gap-3 py-2.5">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm">{d.filename}</p>
                <p className="text-xs text-muted">
                  {formatBytes(d.bytes)} · {d.chunks} {d.chunks === 1 ? "chunk" : "chunks"} ·{" "}
                  {new Date(d.createdAt).toLocaleDateString()}
                </p>
              </div>
              <Button
                variant="danger"
                aria-label={`Delete ${d.filename}`}
                onClick={() => void remove(d.id, d.filename)}
              >
                Delete
              </Button>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Search">
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void search();
          }}
        >
          <Input
            aria-label="Search knowledge"
            placeholder="What does the knowledge say about…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <Button type="submit" disabled={searching || !query.trim()}>
            {searching ? "Searching…" : "Search"}
          </Button>
        </form>
        {hits && hits.length === 0 && <p className="mt-3 text-sm text-muted">No matches.</p>}
        <ol className="mt-3 flex flex-col gap-2">
          {hits?.map((h) => (
            <li key={`${h.documentId}:${h.chunkIndex}`} className="rounded-lg border border-line p-3">
              <div className="mb-1 flex items-center justify-between text-xs text-muted">
                <span className="truncate">
                  {h.filename} · chunk {h.chunkIndex + 1}
                </span>
                <span className="font-mono text-accent">{h.score.toFixed(3)}</span>
              </div>
              <p className="line-clamp-4 text-sm">{h.text}</p>
            </li>
          ))}
        </ol>
      </Card>
    </Page>
  );
}
