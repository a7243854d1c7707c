import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { archiveContract } from "../../src-shared/contracts";
import { type ArchiveImportMode, type ArchiveImportResult, MiladyError } from "../../src-shared/protocol";
import { writeAgentId } from "../app/agent-id";
import { ARCHIVE_CALL_TIMEOUT_MS, type ArchiveDeps, exportAgent, MACHINE_SECRETS } from "./export-agent";
import { openArchive, SECRETS_ENTRY } from "./pack";
import { openSecrets } from "./seal";
import { moveStateFilesTo, writeStateFiles } from "./state-files";

export interface ImportDeps extends ArchiveDeps {
  /** Brings the agent up on the imported id (a restart when Milady runs; the CLI stops its own). */
  afterImport: () => Promise<void>;
  /** Re-reads <state>/triggers.json (the scheduler keeps triggers in memory while Milady runs). */
  reloadTriggers?: () => void;
}

export interface ImportOptions {
  password?: string;
  /** Unset: into-empty when this state dir has no agent data, otherwise refused. */
  mode?: ArchiveImportMode;
}

const decoder = new TextDecoder();
const jsonEntry = (files: Map<string, Uint8Array>, path: string): unknown => {
  const bytes = files.get(path);
  if (!bytes) throw new MiladyError("validation_failed", `the archive has no ${path}; nothing was changed`);
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw new MiladyError("validation_failed", `the archive's ${path} is not JSON; nothing was changed`);
  }
};

/** What an archive brings, checked without the agent: see checkArchive. */
export interface CheckedArchive {
  manifest: Awaited<ReturnType<typeof openArchive>>["manifest"];
  files: Map<string, Uint8Array>;
  secrets: Record<string, string>;
  nextConfig: Record<string, unknown>;
  warnings: string[];
}

/**
 * Everything about an import that needs no agent: the archive (sha256 of every entry, kind,
 * format version), the password, and the config it carries as this state dir would take it.
 * The CLI calls it before it starts an agent of its own, so a refused archive leaves a state dir
 * that did not exist still not existing.
 */
export async function checkArchive(
  store: ImportDeps["store"],
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<CheckedArchive> {
  const { manifest, files } = await openArchive(bytes);
  const warnings: string[] = [];

  let secrets: Record<string, string> = {};
  if (manifest.secretsIncluded && options.password) {
    const plain = await openSecrets(jsonEntry(files, SECRETS_ENTRY), options.password);
    secrets = Object.fromEntries(
      Object.entries(JSON.parse(plain) as Record<string, string>).filter(([k]) => !MACHINE_SECRETS.has(k)),
    );
  } else if (manifest.secretsIncluded) {
    warnings.push(
      "the archive's secrets were left out (no password given); import again with the export's password to bring them",
    );
  } else if (options.password) {
    warnings.push(
      "the archive has no secrets (it was exported without a password); set your API keys again in Settings",
    );
  }

  // This machine keeps its own database location; the rest of the config comes from the archive.
  const current = store.fileConfig();
  const incoming = jsonEntry(files, "config.json") as Record<string, unknown>;
  const nextConfig = { ...incoming, character: jsonEntry(files, "character.json") } as Record<string, unknown>;
  if (current.database !== undefined) nextConfig.database = current.database;
  else delete nextConfig.database;
  // Install records point into a state dir's plugins/installed: this machine keeps its own (the
  // archive's are installed again by hand, see the warning), so no start finds a dangling record.
  const hereInstalls = (current.plugins as { installs?: unknown } | undefined)?.installs;
  const { installs: _dropped, ...incomingPlugins } = (nextConfig.plugins ?? {}) as Record<string, unknown>;
  nextConfig.plugins = hereInstalls ? { ...incomingPlugins, installs: hereInstalls } : incomingPlugins;
  store.checkReplacement(nextConfig);

  return { manifest, files, secrets, nextConfig, warnings };
}

/**
 * Loads an archive into this state dir. Everything that can be refused is checked before the
 * first write: the archive (sha256 of every entry, kind, format version), the password, the
 * config it carries, and whether the state dir is empty (or --replace was asked for). A replace
 * first exports the current agent into <state>/backups/<time>/ with the files it overwrites.
 * The rows go in through the agent in one transaction; then the files, the config (through the
 * config store), the agent id, and the agent restarts on it.
 */
export async function importAgent(
  deps: ImportDeps,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ArchiveImportResult> {
  const { store, agent } = deps;
  const { manifest, files, secrets, nextConfig, warnings } = await checkArchive(store, bytes, options);

  const here = await agent.call(archiveContract, "summary", {}, { timeoutMs: 60_000 });
  const hasData = here.messages > 0 || here.knowledgeDocuments > 0;
  const mode = options.mode ?? "into-empty";
  if (mode === "into-empty" && hasData) {
    throw new MiladyError(
      "conflict",
      `this state dir (${store.paths.stateDir}) already has an agent with ${here.messages} messages and ${here.knowledgeDocuments} knowledge documents; nothing was changed`,
      "import into another state dir (--state-dir), or replace this agent with --replace (Settings: Replace), which keeps a backup",
    );
  }

  let backup: string | undefined;
  if (mode === "replace") {
    backup = join(store.paths.stateDir, "backups", new Date().toISOString().replace(/[:.]/g, "-"));
    // The backup holds every conversation (and the .env): for this user only, as exports are.
    mkdirSync(backup, { recursive: true, mode: 0o700 });
    chmodSync(join(store.paths.stateDir, "backups"), 0o700);
    const before = await exportAgent({ store, agent });
    writeFileSync(join(backup, before.fileName), before.bytes, { mode: 0o600 });
    for (const file of [store.paths.configFile, store.paths.envFile]) {
      if (!existsSync(file)) continue;
      copyFileSync(file, join(backup, basename(file)));
      chmodSync(join(backup, basename(file)), 0o600);
    }
  }

  const work = mkdtempSync(join(tmpdir(), "milady-import-"));
  let imported: { tables: { name: string; rows: number }[] };
  try {
    for (const table of manifest.tables) {
      const file = basename(table.file);
      writeFileSync(join(work, file), files.get(table.file) ?? new Uint8Array());
    }
    imported = await agent.call(
      archiveContract,
      "importRows",
      {
        dir: work,
        agentId: manifest.agentId,
        tables: manifest.tables.map((t) => ({ ...t, file: basename(t.file) })),
        deleteAgentIds: [here.agentId, manifest.agentId],
      },
      { timeoutMs: ARCHIVE_CALL_TIMEOUT_MS },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  if (backup) moveStateFilesTo(store.paths, backup);
  const written = writeStateFiles(store.paths, files);
  await store.replaceAll(nextConfig, secrets);
  writeAgentId(store.paths.stateDir, manifest.agentId);
  deps.reloadTriggers?.();
  await deps.afterImport();

  const model = agent.status().model;
  const made = manifest.embeddingModel;
  const knowledge = manifest.tables.find((t) => t.name === "milady_knowledge_chunks")?.rows ?? 0;
  if (knowledge > 0 && (made.provider !== model.provider || (made.name ?? "") !== (model.embeddingName ?? ""))) {
    warnings.push(
      `the knowledge vectors were made by ${made.provider}${made.name ? ` ${made.name}` : ""}, this Milady embeds with ${model.provider}${model.embeddingName ? ` ${model.embeddingName}` : ""}: knowledge search will match poorly until you choose the same model or re-embed it (Knowledge tab > Re-embed)`,
    );
  }
  if (manifest.pluginInstalls.length > 0) {
    warnings.push(
      `the agent had plugins installed from npm; install each here too (milady plugins install NAME, or Plugins in the dashboard): ${manifest.pluginInstalls.join(", ")}`,
    );
  }
  return {
    agentId: manifest.agentId,
    characterName: manifest.characterName,
    mode,
    tables: imported.tables,
    files: written,
    secretsImported: Object.keys(secrets).length,
    backup,
    warnings,
  };
}
