import { useState } from "react";
import { type InstallResultWire, pluginsContract } from "../../../src-shared/contracts/plugins";
import { getApi, refreshStatus, toast } from "../../stores";
import { Button, Card, ErrorNote, errorInfo, Input } from "../shell/ui";
import { TOUCH } from "./plugin-state";

type Hit = { name: string; version: string; description?: string; installed: boolean; link?: string };

const PACKAGE = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(@[^\s]+)?$/i;

/**
 * Search the npm registry for elizaOS plugins and install one, with npm's progress as one
 * line. What the user typed can also be installed as it is (NAME or NAME@VERSION).
 */
export function PluginSearch({ onInstalled }: { onInstalled: (result: InstallResultWire) => void }) {
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<{ message: string; fix?: string } | null>(null);
  const [installing, setInstalling] = useState<string | null>(null);
  const [progress, setProgress] = useState<string>("");

  const search = async () => {
    if (!query.trim()) return;
    setSearching(true);
    setError(null);
    try {
      const answer = await getApi().plugins.search({ query: { q: query.trim(), limit: 20 } });
      setHits(answer.results);
      setNote(answer.mode === "name" ? `${answer.registry} has no search: looked the name up instead.` : null);
    } catch (e) {
      setError(errorInfo(e));
      setHits(null);
    } finally {
      setSearching(false);
    }
  };

  const install = async (spec: string) => {
    setInstalling(spec);
    setProgress("starting npm…");
    try {
      let result: InstallResultWire | undefined;
      for await (const ev of getApi().stream(pluginsContract.routes.install, { body: { spec } })) {
        if (ev.type === "progress") setProgress(ev.message);
        else if (ev.type === "done") result = ev.plugin;
        else throw ev.error;
      }
      if (!result) throw new Error("the install ended without a result");
      toast("success", `Installed ${result.name}@${result.version}. Restart the agent to apply.`);
      for (const warning of result.warnings) toast("error", warning);
      setHits((list) => list?.map((h) => (h.name === result!.name ? { ...h, installed: true } : h)) ?? null);
      void refreshStatus();
      onInstalled(result);
    } catch (e) {
      const err = errorInfo(e);
      toast("error", `Could not install ${spec}: ${err.message}`, err.fix);
    } finally {
      setInstalling(null);
      setProgress("");
    }
  };

  // Installing a typed name is offered for what looks like a plugin package (scoped, or with "plugin" in it):
  // a bare word like "mcp" is a search, and installing the npm package "mcp" would be a mistake.
  const typed = query.trim();
  const exact = PACKAGE.test(typed) && /\/|plugin/.test(typed) && !hits?.some((h) => h.name === typed);
  return (
    <Card title="Find plugins">
      <form
        className="flex flex-col gap-2 sm:flex-row"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <Input
          aria-label="Search npm for elizaOS plugins"
          placeholder="telegram, mcp, @elizaos/plugin-…"
          value={query}
          className={TOUCH}
          onChange={(e) => setQuery(e.target.value)}
        />
        <div className="flex gap-2">
          <Button type="submit" variant="primary" className={`${TOUCH} flex-1`} disabled={searching || !query.trim()}>
            {searching ? "Searching…" : "Search"}
          </Button>
          {exact && (
            <Button
              className={`${TOUCH} flex-1`}
              disabled={installing !== null}
              onClick={() => void install(typed)}
              title={`Install ${typed}`}
            >
              <span className="block max-w-56 truncate">Install {typed}</span>
            </Button>
          )}
        </div>
      </form>
      {installing && (
        <p
          role="status"
          aria-live="polite"
          className="mt-3 truncate text-xs text-accent"
          data-testid="install-progress"
        >
          Installing {installing}: {progress}
        </p>
      )}
      {error && (
        <div className="mt-3">
          <ErrorNote error={error} onRetry={() => void search()} />
        </div>
      )}
      {note && <p className="mt-3 text-xs text-muted">{note}</p>}
      {hits && hits.length === 0 && <p className="mt-3 text-sm text-muted">No elizaOS plugins found.</p>}
      {hits && hits.length > 0 && (
        <ul className="mt-3 divide-y divide-line" aria-label="Search results">
          {hits.map((hit) => (
            <li key={hit.name} className="flex items-center gap-3 py-2" data-testid={`hit-${hit.name}`}>
              <div className="min-w-0 flex-1">
                <p className="truncate font-mono text-sm">
                  {hit.name} <span className="text-muted">{hit.version}</span>
                </p>
                {hit.description && <p className="line-clamp-2 text-xs text-muted">{hit.description}</p>}
              </div>
              {hit.installed ? (
                <span className="text-xs text-muted">installed</span>
              ) : (
                <Button className={TOUCH} disabled={installing !== null} onClick={() => void install(hit.name)}>
                  Install
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
