// Which state files travel: the workspace without the PGlite data inside it, triggers, autonomy,
// avatars; nothing of the machine (models, plugins, logs, the .env). And they land back in place.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolveStatePaths } from "../config";
import { collectStateFiles, moveStateFilesTo, writeStateFiles } from "./state-files";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const put = (root: string, rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};

describe("archive state files", () => {
  test("the workspace, triggers, autonomy and avatars travel; the database, models, plugins, logs and .env do not", () => {
    const state = mkdtempSync(join(tmpdir(), "milady-files-"));
    dirs.push(state);
    put(state, "workspace/MEMORY.md", "notes");
    put(state, "workspace/custom-actions/greet.json", "{}");
    put(state, "workspace/.eliza/.elizadb/PG_VERSION", "17");
    put(state, "triggers.json", '{"triggers":[]}');
    put(state, "autonomy.json", "{}");
    put(state, "avatars/me.vrm", "glb");
    put(state, "character/picture.png", "png");
    put(state, "models/tiny.gguf", "x");
    put(state, "plugins/installed/package.json", "{}");
    put(state, "logs/milady.log", "log");
    put(state, ".env", "GROQ_API_KEY=secret");
    const paths = resolveStatePaths({ stateDir: state, env: {} });
    const files = collectStateFiles(paths);
    expect([...files.keys()].sort()).toEqual([
      "files/autonomy.json",
      "files/avatars/me.vrm",
      "files/character/picture.png",
      "files/triggers.json",
      "files/workspace/MEMORY.md",
      "files/workspace/custom-actions/greet.json",
    ]);

    const backup = join(state, "backups", "now");
    expect(moveStateFilesTo(paths, backup)).toBe(6);
    expect(readFileSync(join(backup, "files", "workspace", "MEMORY.md"), "utf8")).toBe("notes");
    expect(collectStateFiles(paths).size).toBe(0);
    // The database stays where it is, whatever a replace moves.
    expect(readFileSync(join(state, "workspace/.eliza/.elizadb/PG_VERSION"), "utf8")).toBe("17");

    // An archive entry aimed at the database directory is never written.
    files.set("files/workspace/.eliza/.elizadb/PG_VERSION", new TextEncoder().encode("0"));
    // Nor one that climbs out of the state dir, or lands beside the carried folders (.env, milady.json).
    const outside = join(dirname(state), `escaped-${process.pid}.txt`);
    files.set("files/../escaped.txt", new TextEncoder().encode("x"));
    files.set(`files/workspace/../../${outside.split("/").at(-1)}`, new TextEncoder().encode("x"));
    files.set("files/.env", new TextEncoder().encode("OPENAI_API_KEY=stolen"));
    files.set("files/avatars", new TextEncoder().encode("not a folder"));
    expect(writeStateFiles(paths, files)).toBe(6);
    expect(readFileSync(join(state, "workspace/.eliza/.elizadb/PG_VERSION"), "utf8")).toBe("17");
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(join(dirname(state), "escaped.txt"))).toBe(false);
    expect(readFileSync(join(state, ".env"), "utf8")).toBe("GROQ_API_KEY=secret");
    expect(readFileSync(join(state, "avatars/me.vrm"), "utf8")).toBe("glb");
  });
});
