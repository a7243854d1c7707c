import { z } from "zod";

/**
 * An agent archive (`.milady`): a gzip'd tar with `manifest.json` first. The manifest names every
 * other entry with its sha256, so a changed byte or a cut-short file is found before anything is
 * written. Bump ARCHIVE_FORMAT_VERSION on any change an older Milady could not read; an archive
 * with a higher version is refused (update Milady first), a lower one is read as it was written.
 */
export const ARCHIVE_KIND = "milady-agent-archive";
export const ARCHIVE_FORMAT_VERSION = 1;
export const ARCHIVE_EXTENSION = ".milady";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in hex");

export const archiveEntrySchema = z.object({
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: sha256Hex,
});

export const archiveTableSchema = z.object({
  name: z.string().min(1),
  /** The entry holding its rows, one `to_jsonb(row)` text per line. */
  file: z.string().min(1),
  rows: z.number().int().nonnegative(),
});
export type ArchiveTable = z.infer<typeof archiveTableSchema>;

/** How the secrets entry is sealed: AES-256-GCM with a key from scrypt (the parameters travel, the key never does). */
export const sealedSecretsSchema = z.object({
  kdf: z.object({
    name: z.literal("scrypt"),
    N: z.number().int().min(16_384),
    r: z.number().int().min(1),
    p: z.number().int().min(1),
    salt: z.string().min(16),
  }),
  cipher: z.literal("aes-256-gcm"),
  iv: z.string().min(16),
  tag: z.string().min(16),
  data: z.string(),
});
export type SealedSecrets = z.infer<typeof sealedSecretsSchema>;

export const archiveManifestSchema = z.object({
  kind: z.literal(ARCHIVE_KIND),
  formatVersion: z.number().int().min(1),
  miladyVersion: z.string(),
  createdAt: z.string(),
  agentId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  characterName: z.string(),
  /** What made the knowledge vectors (provider and model): another model's vectors do not match its queries. */
  embeddingModel: z.object({ provider: z.string(), name: z.string().optional() }),
  /** Every entry but the manifest itself. */
  entries: z.array(archiveEntrySchema),
  /** The database rows, parents first (the order they are written back in). */
  tables: z.array(archiveTableSchema),
  /** True when secrets.json.enc is in the archive (a password was given at export). */
  secretsIncluded: z.boolean(),
  /** plugins.installs of the config: reinstalled from npm on the new machine, not copied. */
  pluginInstalls: z.array(z.string()),
});
export type ArchiveManifest = z.infer<typeof archiveManifestSchema>;

export const archiveImportModeSchema = z.enum(["into-empty", "replace"]);
export type ArchiveImportMode = z.infer<typeof archiveImportModeSchema>;

export const archiveImportResultSchema = z.object({
  agentId: z.string(),
  characterName: z.string(),
  mode: archiveImportModeSchema,
  tables: z.array(z.object({ name: z.string(), rows: z.number().int() })),
  files: z.number().int(),
  secretsImported: z.number().int(),
  /** Where what was replaced was kept (replace only). */
  backup: z.string().optional(),
  /** Things the user should know: another embedding model, secrets left out, plugins to reinstall. */
  warnings: z.array(z.string()),
});
export type ArchiveImportResult = z.infer<typeof archiveImportResultSchema>;
