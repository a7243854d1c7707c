// The archive format on its own: manifest schema, sealed secrets (round trip, wrong password),
// damage detection (a cut-short file, a changed byte, an entry that does not match its sha256),
// and refusing archives of a newer format version or of another kind.
import { describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import { ARCHIVE_FORMAT_VERSION, archiveManifestSchema, MiladyError } from "../../src-shared/protocol";
import { openArchive, packArchive, sha256 } from "./pack";
import { openSecrets, sealSecrets } from "./seal";

const enc = new TextEncoder();
const AGENT = "0f8fad5b-d9cb-469f-a165-70867728950e";
const meta = {
  miladyVersion: "0.1.0",
  createdAt: new Date(0).toISOString(),
  agentId: AGENT,
  characterName: "Milady",
  embeddingModel: { provider: "scripted", name: "hash-64" },
  tables: [{ name: "memories", file: "db/00-memories.jsonl", rows: 2 }],
  secretsIncluded: false,
  pluginInstalls: [],
};
const files = () =>
  new Map<string, Uint8Array>([
    ["db/00-memories.jsonl", enc.encode('{"id":"a"}\n{"id":"b"}\n')],
    ["files/workspace/MEMORY.md", enc.encode("# Memory\n")],
  ]);

async function refusal(bytes: Uint8Array): Promise<MiladyError> {
  try {
    await openArchive(bytes);
  } catch (error) {
    return error as MiladyError;
  }
  throw new Error("the archive was accepted");
}

async function withManifest(change: (m: Record<string, unknown>) => Record<string, unknown>): Promise<Uint8Array> {
  const { bytes } = await packArchive(meta, files());
  const entries: Record<string, Uint8Array> = {};
  for (const [path, f] of await new Bun.Archive(bytes).files()) entries[path] = new Uint8Array(await f.arrayBuffer());
  const manifest = JSON.parse(new TextDecoder().decode(entries["manifest.json"]));
  entries["manifest.json"] = enc.encode(JSON.stringify(change(manifest)));
  return new Bun.Archive(entries, { compress: "gzip" }).bytes();
}

describe("archive format", () => {
  test("a packed archive opens with every entry, each named with its size and sha256", async () => {
    const { bytes, manifest } = await packArchive(meta, files());
    expect(archiveManifestSchema.parse(manifest).formatVersion).toBe(ARCHIVE_FORMAT_VERSION);
    const opened = await openArchive(bytes);
    expect([...opened.files.keys()].sort()).toEqual(["db/00-memories.jsonl", "files/workspace/MEMORY.md"]);
    const memoryEntry = opened.manifest.entries.find((e) => e.path === "files/workspace/MEMORY.md");
    expect(memoryEntry?.sha256).toBe(sha256(enc.encode("# Memory\n")));
  });

  test("the manifest schema refuses a missing agent id, a bad sha256 and a negative row count", () => {
    const good = { kind: "milady-agent-archive", formatVersion: 1, ...meta, entries: [] };
    expect(archiveManifestSchema.safeParse(good).success).toBe(true);
    expect(archiveManifestSchema.safeParse({ ...good, agentId: "milady" }).success).toBe(false);
    expect(
      archiveManifestSchema.safeParse({ ...good, entries: [{ path: "x", bytes: 1, sha256: "abc" }] }).success,
    ).toBe(false);
    expect(archiveManifestSchema.safeParse({ ...good, tables: [{ name: "m", file: "f", rows: -1 }] }).success).toBe(
      false,
    );
  });

  test("a cut-short file and a changed byte are damaged archives", async () => {
    const { bytes } = await packArchive(meta, files());
    expect((await refusal(bytes.subarray(0, bytes.length - 20))).message).toContain("damaged");
    const flipped = new Uint8Array(bytes);
    flipped[Math.floor(flipped.length / 2)] ^= 0x40;
    expect((await refusal(flipped)).message).toContain("damaged");
  });

  test("an entry whose bytes do not match its sha256 (a re-packed tar with an edited file) is refused", async () => {
    const edited = await withManifest((m) => m);
    const entries: Record<string, Uint8Array> = {};
    for (const [path, f] of await new Bun.Archive(edited).files())
      entries[path] = new Uint8Array(await f.arrayBuffer());
    entries["files/workspace/MEMORY.md"] = enc.encode("# Memory (edited)\n");
    const error = await refusal(await new Bun.Archive(entries, { compress: "gzip" }).bytes());
    expect(error.message).toContain("MEMORY.md does not match its sha256");
    expect(error.fix).toBeDefined();
  });

  test("a newer format version is refused with the fix to update Milady; another kind is named", async () => {
    const newer = await refusal(await withManifest((m) => ({ ...m, formatVersion: ARCHIVE_FORMAT_VERSION + 1 })));
    expect(newer.message).toContain(`format version ${ARCHIVE_FORMAT_VERSION + 1}`);
    expect(newer.fix).toContain("milady update");
    const other = await refusal(await withManifest((m) => ({ ...m, kind: "tavern-card" })));
    expect(other.message).toContain(`says it is "tavern-card"`);
    const plainGzip = await refusal(new Uint8Array(gzipSync(Buffer.from("hello"))));
    expect(plainGzip.code).toBe("validation_failed");
    expect((await refusal(enc.encode("{}"))).message).toContain("not a Milady agent archive");
  });

  test("sealed secrets open with the password and fail cleanly with another", async () => {
    const params = { N: 2 ** 14, r: 8, p: 1 };
    const sealed = await sealSecrets('{"GROQ_API_KEY":"gsk-1"}', "hunter2", params);
    expect(JSON.stringify(sealed)).not.toContain("gsk-1");
    expect(sealed.kdf).toMatchObject({ name: "scrypt", N: 2 ** 14 });
    expect(await openSecrets(sealed, "hunter2")).toBe('{"GROQ_API_KEY":"gsk-1"}');
    const wrong = await openSecrets(sealed, "hunter3").catch((e) => e as MiladyError);
    expect(wrong).toBeInstanceOf(MiladyError);
    expect((wrong as MiladyError).message).toContain("wrong password");
    const tampered = { ...sealed, data: Buffer.from("x".repeat(24)).toString("base64") };
    expect(((await openSecrets(tampered, "hunter2").catch((e) => e)) as Error).message).toContain("wrong password");
    // Two seals of the same text differ (random salt and iv).
    const again = await sealSecrets('{"GROQ_API_KEY":"gsk-1"}', "hunter2", params);
    expect(again.kdf.salt).not.toBe(sealed.kdf.salt);
    expect(again.iv).not.toBe(sealed.iv);
  });
});
