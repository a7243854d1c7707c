import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { archiveContract } from "../../src-shared/contracts";
import type { ArchiveManifest } from "../../src-shared/protocol";
import type { AgentController } from "../agent-host";
import { type FileConfigStore, parseEnvText } from "../config";
import { VERSION } from "../version";
import { packArchive, SECRETS_ENTRY } from "./pack";
import { sealSecrets } from "./seal";
import { collectStateFiles } from "./state-files";

/** The tokens that let clients into this machine's Milady: they stay with the machine, never travel. */
export const MACHINE_SECRETS = new Set(["MILADY_API_TOKEN", "MILADY_OWNER_TOKEN"]);

/** An export copies a whole agent's database; 10 minutes covers a large knowledge base on 2 cores. */
export const ARCHIVE_CALL_TIMEOUT_MS = 600_000;

export interface ArchiveDeps {
  store: FileConfigStore;
  agent: AgentController;
}

/** The config as it travels: milady.json without the database location (credentials, this machine's server). */
export function portableConfig(file: Record<string, unknown>): Record<string, unknown> {
  const config = structuredClone(file);
  delete config.database;
  return config;
}

/** The state .env's secrets without this machine's own tokens. */
export function portableSecrets(envFile: string): Record<string, string> {
  if (!existsSync(envFile)) return {};
  const all = parseEnvText(readFileSync(envFile, "utf8"));
  return Object.fromEntries(Object.entries(all).filter(([key]) => !MACHINE_SECRETS.has(key)));
}

export const archiveFileName = (characterName: string, at = new Date()) =>
  `${characterName.replace(/[^a-zA-Z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "agent"}-${at.toISOString().slice(0, 19).replace(/[:T]/g, "-")}.milady`;

/**
 * One agent as a .milady archive: the rows come from the running agent (one read transaction),
 * the files from the state dir, the secrets only with a password and then sealed.
 */
export async function exportAgent(
  { store, agent }: ArchiveDeps,
  options: { password?: string } = {},
): Promise<{ bytes: Uint8Array; manifest: ArchiveManifest; fileName: string }> {
  const work = mkdtempSync(join(tmpdir(), "milady-export-"));
  try {
    const { agentId, tables } = await agent.call(
      archiveContract,
      "exportRows",
      { dir: work },
      { timeoutMs: ARCHIVE_CALL_TIMEOUT_MS },
    );
    const files = new Map<string, Uint8Array>();
    const encoder = new TextEncoder();
    const config = store.current();
    files.set("character.json", encoder.encode(`${JSON.stringify(config.character, null, 2)}\n`));
    files.set("config.json", encoder.encode(`${JSON.stringify(portableConfig(store.fileConfig()), null, 2)}\n`));
    for (const table of tables) files.set(`db/${table.file}`, new Uint8Array(readFileSync(join(work, table.file))));
    for (const [path, bytes] of collectStateFiles(store.paths)) files.set(path, bytes);
    if (options.password) {
      const sealed = await sealSecrets(JSON.stringify(portableSecrets(store.paths.envFile)), options.password);
      files.set(SECRETS_ENTRY, encoder.encode(JSON.stringify(sealed)));
    }
    const model = agent.status().model;
    // Installs are records of npm packages in this machine's <state>/plugins: they travel as specs to install again.
    const installs = Object.values(config.plugins.installs ?? {}).map((record) => record.spec);
    const { bytes, manifest } = await packArchive(
      {
        miladyVersion: VERSION,
        createdAt: new Date().toISOString(),
        agentId,
        characterName: config.character.name,
        embeddingModel: { provider: model.provider, name: model.embeddingName ?? undefined },
        tables: tables.map((t) => ({ ...t, file: `db/${t.file}` })),
        secretsIncluded: Boolean(options.password),
        pluginInstalls: installs,
      },
      files,
    );
    return { bytes, manifest, fileName: archiveFileName(config.character.name) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
