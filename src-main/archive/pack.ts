import { createHash } from "node:crypto";
import {
  ARCHIVE_FORMAT_VERSION,
  ARCHIVE_KIND,
  type ArchiveManifest,
  archiveManifestSchema,
  MiladyError,
} from "../../src-shared/protocol";

export const MANIFEST = "manifest.json";
export const SECRETS_ENTRY = "secrets.json.enc";

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const damaged = (why: string) =>
  new MiladyError(
    "validation_failed",
    `the archive is damaged (${why}); nothing was changed`,
    "copy the .milady file again from where it was made (a download or copy was cut short or changed), or export it again",
  );

/** An entry path that can only land inside the state dir: relative, no `..`, no backslashes. */
export function safeEntryPath(path: string): boolean {
  return (
    path.length > 0 &&
    !path.startsWith("/") &&
    !path.includes("\\") &&
    !path.includes("\0") &&
    path.split("/").every((part) => part !== "" && part !== "." && part !== "..")
  );
}

/** Packs the entries with a manifest that names each with its size and sha256. */
export async function packArchive(
  meta: Omit<ArchiveManifest, "entries" | "kind" | "formatVersion">,
  files: Map<string, Uint8Array>,
): Promise<{ bytes: Uint8Array; manifest: ArchiveManifest }> {
  const manifest: ArchiveManifest = archiveManifestSchema.parse({
    kind: ARCHIVE_KIND,
    formatVersion: ARCHIVE_FORMAT_VERSION,
    ...meta,
    entries: [...files].map(([path, bytes]) => ({ path, bytes: bytes.byteLength, sha256: sha256(bytes) })),
  });
  const content: Record<string, Uint8Array | string> = { [MANIFEST]: `${JSON.stringify(manifest, null, 2)}\n` };
  for (const [path, bytes] of files) {
    if (!safeEntryPath(path) || path === MANIFEST) throw new Error(`not an archive entry path: ${path}`);
    content[path] = bytes;
  }
  const archive = new Bun.Archive(content, { compress: "gzip" });
  return { bytes: await archive.bytes(), manifest };
}

export interface OpenedArchive {
  manifest: ArchiveManifest;
  files: Map<string, Uint8Array>;
}

/**
 * Reads and checks a whole archive before anything is written: the gzip and tar framing, the
 * manifest (kind, format version, schema), and every entry against its size and sha256. Any
 * problem is a validation_failed that says what is wrong and what to do.
 */
export async function openArchive(bytes: Uint8Array): Promise<OpenedArchive> {
  if (bytes.byteLength < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new MiladyError(
      "validation_failed",
      "this file is not a Milady agent archive (not a gzip'd tar); nothing was changed",
      "choose a .milady file made by `milady export` or the Back up and move card in Settings",
    );
  }
  let raw: Map<string, File>;
  try {
    raw = await new Bun.Archive(bytes).files();
  } catch (error) {
    throw damaged((error as Error).message);
  }
  const manifestFile = raw.get(MANIFEST);
  if (!manifestFile) {
    throw new MiladyError(
      "validation_failed",
      "this archive has no manifest.json: it is not a Milady agent archive; nothing was changed",
      "choose a .milady file made by `milady export` or the Back up and move card in Settings",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(await manifestFile.text());
  } catch {
    throw damaged("manifest.json is not JSON");
  }
  const head = (json ?? {}) as { kind?: unknown; formatVersion?: unknown; miladyVersion?: unknown };
  if (head.kind !== ARCHIVE_KIND) {
    throw new MiladyError(
      "validation_failed",
      `this is not a Milady agent archive (its manifest ${head.kind === undefined ? "names no kind" : `says it is ${JSON.stringify(head.kind)}`}); nothing was changed`,
      "choose a .milady file made by `milady export`; a character file goes through `milady character import`",
    );
  }
  if (typeof head.formatVersion === "number" && head.formatVersion > ARCHIVE_FORMAT_VERSION) {
    throw new MiladyError(
      "validation_failed",
      `this archive has format version ${head.formatVersion} (made by Milady ${String(head.miladyVersion)}); this Milady reads up to version ${ARCHIVE_FORMAT_VERSION}; nothing was changed`,
      "update Milady (`milady update`), then import again",
    );
  }
  const parsed = archiveManifestSchema.safeParse(json);
  if (!parsed.success)
    throw damaged(`manifest.json: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const manifest = parsed.data;
  const files = new Map<string, Uint8Array>();
  for (const entry of manifest.entries) {
    if (!safeEntryPath(entry.path) || entry.path === MANIFEST)
      throw damaged(`an entry path leaves the archive: ${entry.path}`);
    const file = raw.get(entry.path);
    if (!file) throw damaged(`${entry.path} is missing`);
    const data = new Uint8Array(await file.arrayBuffer());
    if (data.byteLength !== entry.bytes || sha256(data) !== entry.sha256) {
      throw damaged(`${entry.path} does not match its sha256 in the manifest`);
    }
    files.set(entry.path, data);
  }
  for (const path of raw.keys()) {
    if (path !== MANIFEST && !files.has(path) && !path.endsWith("/")) throw damaged(`${path} is not in the manifest`);
  }
  for (const table of manifest.tables) {
    if (!files.has(table.file)) throw damaged(`the rows of ${table.name} (${table.file}) are missing`);
  }
  return { manifest, files };
}
