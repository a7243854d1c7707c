import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WORKSPACE_FILES, WORKSPACE_TEMPLATES } from "./templates";
import { ensureWorkspace, formatForPrompt, readForPrompt } from "./workspace-files";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "milady-ws-"));
  dirs.push(dir);
  return join(dir, "workspace");
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("workspace files", () => {
  test("the templates are written once; a file the user wrote is never overwritten", () => {
    const dir = tempDir();
    expect(ensureWorkspace(dir)).toEqual([...WORKSPACE_FILES]);
    expect(readFileSync(join(dir, "USER.md"), "utf8")).toBe(WORKSPACE_TEMPLATES["USER.md"]);
    writeFileSync(join(dir, "USER.md"), "My name is Ada.");
    writeFileSync(join(dir, "MEMORY.md"), "");
    expect(ensureWorkspace(dir)).toEqual([]);
    expect(readFileSync(join(dir, "USER.md"), "utf8")).toBe("My name is Ada.");
    expect(readFileSync(join(dir, "MEMORY.md"), "utf8")).toBe("");
  });

  test("a file the user deleted is made again from its template at the next start", () => {
    const dir = tempDir();
    ensureWorkspace(dir);
    rmSync(join(dir, "IDENTITY.md"));
    expect(ensureWorkspace(dir)).toEqual(["IDENTITY.md"]);
  });

  test("an edit between turns is in the next prompt (unchanged files are not read again)", () => {
    const dir = tempDir();
    ensureWorkspace(dir);
    writeFileSync(join(dir, "USER.md"), "The user likes tea.");
    expect(formatForPrompt(readForPrompt(dir))).toContain("likes tea");
    writeFileSync(join(dir, "USER.md"), "The user likes strong coffee.");
    const text = formatForPrompt(readForPrompt(dir));
    expect(text).toContain("likes strong coffee");
    expect(text).not.toContain("likes tea");
  });

  test("the prompt is bounded per file and in all, with a visible truncation note", () => {
    const dir = tempDir();
    ensureWorkspace(dir);
    writeFileSync(join(dir, "MEMORY.md"), "x".repeat(5000));
    const files = readForPrompt(dir, 2000, 6000);
    const memory = files.find((f) => f.name === "MEMORY.md")!;
    expect(memory).toMatchObject({ truncated: true, chars: 5000 });
    expect(memory.text.length).toBe(2000);
    const text = formatForPrompt(files);
    expect(text).toContain("[truncated: the first 2000 of 5000 characters of MEMORY.md are shown");
    expect(text).toContain(join(dir, "MEMORY.md"));
    expect(text).toContain("## USER.md");

    // The total bound: three big files leave the fourth only what is left.
    for (const name of ["AGENTS.md", "IDENTITY.md", "USER.md"]) writeFileSync(join(dir, name), "y".repeat(3000));
    const all = readForPrompt(dir, 2000, 5000);
    expect(all.reduce((n, f) => n + f.text.length, 0)).toBe(5000);
    expect(all.map((f) => f.truncated)).toEqual([true, true, true, true]);
  });
});
