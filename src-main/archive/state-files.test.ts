// Which state files travel: the workspace without the PGlite data inside it, triggers, autonomy,
// avatars; nothing of the machine (models, plugins, logs, the .env). And they land back in place.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
    put(state, "models/tiny.gguf", "x");
    put(state, "plugins/installed/package.json", "{}");
    put(state, "logs/milady.log", "log");
    put(state, ".env", "GROQ_API_KEY=secret");
    const paths = resolveStatePaths({ stateDir: state, env: {} });
    const files = collectStateFiles(paths);
    expect([...files.keys()].sort()).toEqual([
      "files/autonomy.json",
      "files/avatars/me.vrm",
      "files/triggers.json",
      "files/workspace/MEMORY.md",
      "files/workspace/custom-actions/greet.json",
    ]);

    const backup = join(state, "backups", "now");
    expect(moveStateFilesTo(paths, backup)).toBe(5);
    expect(readFileSync(join(backup, "files", "workspace", "MEMORY.md"), "utf8")).toBe("notes");
    expect(collectStateFiles(paths).size).toBe(0);
    // The database stays where it is, whatever a replace moves.
    expect(readFileSync(join(state, "workspace/.eliza/.elizadb/PG_VERSION"), "utf8")).toBe("17");

    // An archive entry aimed at the database directory is never written.
    files.set("files/workspace/.eliza/.elizadb/PG_VERSION", new TextEncoder().encode("0"));
    expect(writeStateFiles(paths, files)).toBe(5);
    expect(readFileSync(join(state, "workspace/.eliza/.elizadb/PG_VERSION"), "utf8")).toBe("17");
    expect(readFileSync(join(state, "avatars/me.vrm"), "utf8")).toBe("glb");
  });
});
